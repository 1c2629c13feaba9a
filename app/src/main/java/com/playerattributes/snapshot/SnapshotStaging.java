package com.playerattributes.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A snapshot under construction. Parts are written into a hidden staging directory beside the target; only
 * {@link #commit} renames it into place, so nobody ever sees a partial snapshot. Closing without commit deletes
 * the staging directory, and {@link #create} removes staging directories left by processes that died.
 */
public final class SnapshotStaging implements AutoCloseable {

    private static final String OWNER_FILE = ".owner-pid";

    private final Path target;
    private final Path dir;
    private boolean committed;

    private SnapshotStaging(Path target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    /** @throws IllegalArgumentException if the target exists and is not an empty directory */
    public static SnapshotStaging create(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !isEmptyDirectory(absolute)) {
            throw new IllegalArgumentException("--out " + target + ": already exists; snapshots are never overwritten");
        }
        try {
            Path parent = absolute.getParent();
            Files.createDirectories(parent);
            removeAbandoned(parent, absolute.getFileName().toString());
            Path dir = Files.createTempDirectory(parent, stagingPrefix(absolute.getFileName().toString()));
            // createTempDirectory makes it owner-only; a published snapshot should be readable like any output.
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return new SnapshotStaging(absolute, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create staging directory beside " + target, e);
        }
    }

    /** Where the engine writes {@code part-*.parquet} files (and may keep temporary spill files). */
    public Path dir() {
        return dir;
    }

    public Path target() {
        return target;
    }

    /** The part files currently in the staging directory, sorted by name. */
    public List<Path> partFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("part-") && n.endsWith(".parquet");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checksums the parts, writes the manifest built from them, fsyncs everything and renames into place.
     *
     * @param manifestFor builds the manifest from the part descriptions (file, rows, bytes, sha256)
     * @param rowsOf      row count of one part file
     */
    public SnapshotManifest commit(Function<List<SnapshotManifest.Part>, SnapshotManifest> manifestFor,
                                   Function<Path, Long> rowsOf) {
        try {
            deleteEverythingBut(dir, p -> p.getFileName().toString().startsWith("part-"));
            List<SnapshotManifest.Part> parts = new ArrayList<>();
            for (Path part : partFiles()) {
                fsync(part);
                parts.add(new SnapshotManifest.Part(part.getFileName().toString(), rowsOf.apply(part),
                        Files.size(part), sha256(part)));
            }
            SnapshotManifest manifest = manifestFor.apply(parts);
            Path manifestFile = dir.resolve(SnapshotManifest.FILE_NAME);
            Files.write(manifestFile, manifest.toJson());
            fsync(manifestFile);
            fsync(dir);
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty, checked in create()
            }
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException("--out " + target + ": created by someone else meanwhile");
            }
            fsync(target.getParent());
            committed = true;
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish snapshot " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteRecursively(dir);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Hex SHA-256 of a stream read to its end (the caller closes it), e.g. a part on a Hadoop file system. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String stagingPrefix(String targetName) {
        return "." + targetName + ".staging-";
    }

    /** Staging directories of dead processes (kill -9) are litter; those of live processes are left alone. */
    private static void removeAbandoned(Path parent, String targetName) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, stagingPrefix(targetName) + "*")) {
            for (Path sibling : siblings) {
                if (!ownerAlive(sibling)) {
                    deleteRecursively(sibling);
                }
            }
        }
    }

    private static boolean ownerAlive(Path stagingDir) {
        try {
            long pid = Long.parseLong(Files.readString(stagingDir.resolve(OWNER_FILE)).trim());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isEmptyDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteEverythingBut(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!keep.test(p)) {
                    deleteRecursively(p);
                }
            }
        }
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Flushes a file or directory to disk, so a rename that follows never exposes unwritten data. */
    public static void fsync(Path path) throws IOException {
        boolean directory = Files.isDirectory(path);
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
