package com.playerattributes.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --snapshots} flag of {@code run} and {@code serve}: where compute-then-publish keeps its snapshots. */
public final class SnapshotsOption {

    @Option(names = "--snapshots", paramLabel = "DIR",
            description = "Where runs keep their snapshot directories (run-<time>). Default: the sibling <store>-snapshots of --store.")
    Path snapshots;

    /** The directory given, or the default for {@code storeLocation}. */
    Path resolve(String storeLocation) {
        if (snapshots != null) {
            return snapshots;
        }
        if (storeLocation.contains("://")) {
            throw new IllegalArgumentException("--snapshots is required when --store is not a directory (" + storeLocation + ")");
        }
        Path store = Path.of(storeLocation).toAbsolutePath().normalize();
        return store.resolveSibling(store.getFileName() + "-snapshots");
    }
}
