package com.playerattributes.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Removes old snapshot directories that {@code run} created under its snapshots directory. Only directories whose
 * name starts with {@link #PREFIX} are touched, so anything else an operator keeps there is safe.
 */
public final class SnapshotRetention {
    private static final Logger log = LoggerFactory.getLogger(SnapshotRetention.class);

    /** Name prefix of the snapshot directories {@code run} creates. */
    public static final String PREFIX = "run-";

    private SnapshotRetention() {
    }

    /**
     * Deletes every {@code run-*} directory in {@code snapshotsDir} that is not in {@code keep}.
     *
     * @return the directories deleted
     */
    public static List<Path> retain(Path snapshotsDir, Set<Path> keep) {
        Set<Path> kept = keep.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(snapshotsDir)) {
            return deleted;
        }
        try (Stream<Path> entries = Files.list(snapshotsDir)) {
            for (Path dir : entries.sorted().toList()) {
                Path abs = dir.toAbsolutePath().normalize();
                if (Files.isDirectory(abs) && abs.getFileName().toString().startsWith(PREFIX) && !kept.contains(abs)) {
                    SnapshotStaging.deleteRecursively(abs);
                    deleted.add(abs);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot retention in " + snapshotsDir + ": " + e.getMessage(), e);
        }
        if (!deleted.isEmpty()) {
            log.info("removed {} old snapshot(s) from {}: {}", deleted.size(), snapshotsDir,
                    deleted.stream().map(p -> p.getFileName().toString()).toList());
        }
        return deleted;
    }
}
