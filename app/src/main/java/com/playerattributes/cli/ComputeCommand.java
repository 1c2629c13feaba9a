package com.playerattributes.cli;

import com.playerattributes.compute.ComputeJob;
import com.playerattributes.snapshot.SnapshotManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "compute", mixinStandardHelpOptions = true,
        description = "Computes the user_panel snapshot (one row per player, one column per attribute) from raw events.")
final class ComputeCommand implements Callable<Integer> {

    @Mixin
    ComputeOptions compute;

    @Option(names = "--out", required = true, paramLabel = "SNAPSHOT_DIR",
            description = "Snapshot directory to create; it must not exist yet (or be empty).")
    Path out;

    @Override
    public Integer call() {
        if (out.toString().isEmpty()) { // Path.of("") is the working directory, which always exists
            throw new IllegalArgumentException("--out is empty: give the snapshot directory to create");
        }
        Clock clock = Clock.systemUTC();
        SnapshotManifest m = new ComputeJob(compute.engine(), clock).run(compute.toRequest(clock.instant()), out);
        System.out.printf("snapshot %s: %d players, as of %s, %d input files, %.1f s%n",
                out, m.rowCount(), m.asOf(), m.inputFiles().size(), m.durationMillis() / 1000.0);
        return 0;
    }
}
