package com.playerattributes.store.rocksdb;

import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A version loading in {@code staging/<id>/}: each chunk writes sorted SST files into {@code sst/}; sealing
 * ingests them all into a fresh database {@code db/} in one call (files are moved, not copied), writes
 * {@code version.json}, fsyncs, and renames the directory to {@code versions/<id>/}.
 */
final class RocksDbVersionLoad implements VersionLoad {
    /** Rotating SST files keeps each file a manageable size for panels of tens of GB. */
    private static final long TARGET_FILE_BYTES = 256L << 20;

    private final RocksDbStore store;
    private final String id;
    private final Path dir;
    private final Path sstDir;
    private final Instant asOf;
    private final String source;
    private final Instant createdAt;
    private final RocksDbLog logger = new RocksDbLog();
    private final Map<Integer, FinishedChunk> finished = new TreeMap<>();
    private final Map<Integer, Integer> attempts = new TreeMap<>();
    private boolean sealed;
    private boolean aborted;

    private record FinishedChunk(List<Path> files, long rows) {
    }

    RocksDbVersionLoad(RocksDbStore store, String id, Path dir, Instant asOf, String source, Instant createdAt) {
        this.store = store;
        this.id = id;
        this.dir = dir;
        this.sstDir = dir.resolve("sst");
        this.asOf = asOf;
        this.source = source;
        this.createdAt = createdAt;
    }

    @Override
    public String versionId() {
        return id;
    }

    @Override
    public synchronized ChunkWriter openChunk(int index) {
        checkOpen();
        FinishedChunk previous = finished.remove(index);
        if (previous != null) {
            previous.files.forEach(RocksDbVersionLoad::deleteQuietly);
        }
        int attempt = attempts.merge(index, 1, Integer::sum);
        return new SstChunkWriter(index, attempt);
    }

    private synchronized void chunkFinished(int index, List<Path> files, long rows) {
        checkOpen();
        finished.put(index, new FinishedChunk(List.copyOf(files), rows));
    }

    @Override
    public synchronized StoreVersion seal() {
        checkOpen();
        List<String> files = new ArrayList<>();
        long rows = 0;
        for (FinishedChunk chunk : finished.values()) { // TreeMap: chunk order is key order
            chunk.files.forEach(f -> files.add(f.toString()));
            rows += chunk.rows;
        }
        Path db = dir.resolve("db");
        try (Options options = RocksDbTuning.forWriting(logger);
             RocksDB rocks = RocksDB.open(options, db.toString());
             IngestExternalFileOptions ingest = new IngestExternalFileOptions()
                     .setMoveFiles(true)
                     .setSnapshotConsistency(false)
                     .setAllowBlockingFlush(false)) {
            if (!files.isEmpty()) {
                rocks.ingestExternalFile(files, ingest);
            }
            rocks.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot build version " + id + " in " + db + ": " + e.getMessage(), e);
        }
        try {
            SnapshotStaging.deleteRecursively(sstDir);
            Files.createFile(dir.resolve(VersionPins.LOCK_FILE));
            VersionInfo info = new VersionInfo(id, asOf, rows, RocksDbStore.sizeOf(db), createdAt, null, source);
            Files.write(dir.resolve(VersionInfo.FILE_NAME), info.toJson());
            fsyncTree(dir);
            Path target = store.versionDir(id);
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            SnapshotStaging.fsync(target.getParent());
            sealed = true;
            return info.toStoreVersion(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal version " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void abort() {
        if (sealed || aborted) {
            return;
        }
        aborted = true;
        SnapshotStaging.deleteRecursively(dir);
        logger.close();
    }

    @Override
    public void close() {
        abort();
        logger.close();
    }

    private void checkOpen() {
        if (sealed || aborted) {
            throw new IllegalStateException("version " + id + " is " + (sealed ? "sealed" : "aborted"));
        }
    }

    private static void fsyncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                SnapshotStaging.fsync(p);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one key-range chunk as one or more sorted SST files. Files of a failed attempt are deleted on close. */
    private final class SstChunkWriter implements ChunkWriter {
        private final int index;
        private final int attempt;
        private final List<Path> files = new ArrayList<>();
        private final EnvOptions envOptions = new EnvOptions();
        private final Options options = RocksDbTuning.forWriting(logger);
        private SstFileWriter writer;
        private long fileBytes;
        private long rows;
        private boolean done;

        SstChunkWriter(int index, int attempt) {
            this.index = index;
            this.attempt = attempt;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            try {
                if (writer == null || fileBytes >= TARGET_FILE_BYTES) {
                    nextFile();
                }
                writer.put(key, value);
                fileBytes += key.length + value.length;
                rows++;
            } catch (RocksDBException e) {
                throw new IllegalStateException("chunk " + index + " of version " + id + ": " + e.getMessage(), e);
            }
        }

        private void nextFile() throws RocksDBException {
            finishFile();
            Path file = sstDir.resolve(String.format("chunk-%05d-a%d-%03d.sst", index, attempt, files.size()));
            files.add(file);
            writer = new SstFileWriter(envOptions, options);
            writer.open(file.toString());
            fileBytes = 0;
        }

        private void finishFile() throws RocksDBException {
            if (writer != null) {
                try {
                    writer.finish();
                } finally {
                    writer.close();
                    writer = null;
                }
            }
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void finish() {
            try {
                finishFile();
            } catch (RocksDBException e) {
                throw new IllegalStateException("chunk " + index + " of version " + id + ": " + e.getMessage(), e);
            }
            chunkFinished(index, files, rows);
            done = true;
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
                writer = null;
            }
            envOptions.close();
            options.close();
            if (!done) {
                files.forEach(RocksDbVersionLoad::deleteQuietly);
            }
        }
    }
}
