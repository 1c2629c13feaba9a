package com.playerattributes.cli;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeEngineProvider;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.events.EventFiles;
import picocli.CommandLine.Option;

import java.time.Instant;

/** Compute flags shared by {@code compute} and {@code run}. */
public final class ComputeOptions {

    // Not required=true for picocli: the value may come from PA_EVENTS or the config file; see requireEvents().
    @Option(names = "--events", paramLabel = "DIR_OR_GLOB",
            description = "Raw event Parquet files: a directory (all *.parquet below it) or a glob such as 'events/2024-*.parquet'. Required by compute and run; for serve it turns on the scheduled refresh.")
    String events;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "duckdb",
            description = "Compute engine: duckdb (in-process) or spark (local[N] when started by bin/player-attributes, the cluster's master under spark-submit; see docs/spark.md). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--as-of", paramLabel = "WHEN", defaultValue = "now",
            description = "As-of instant: an ISO-8601 instant (2024-01-16T23:59:59Z), 'now' (wall clock at start) or 'latest' (greatest timestamp_utc in the input). Default: ${DEFAULT-VALUE}.")
    String asOf;

    @Option(names = "--threads", paramLabel = "N",
            description = "Compute threads. Default: number of cores (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Engine memory limit, e.g. 4GB; past it the engine spills to disk (--engine spark locally: the JVM heap). Default: half of physical memory (${DEFAULT-VALUE}).")
    String memoryLimit = defaultMemoryLimit();

    public boolean hasEvents() {
        return events != null && !events.isBlank();
    }

    /** @throws IllegalArgumentException naming every way to give the flag, when none was used */
    public void requireEvents() {
        if (!hasEvents()) {
            throw new IllegalArgumentException("--events is required (or set PA_EVENTS, or 'events' in the --config file)");
        }
    }

    /** The engine named by {@code --engine}. */
    public ComputeEngine engine() {
        return ComputeEngineProvider.create(engine);
    }

    /** The {@code --events} text as given, for engines that resolve it themselves (Spark on object stores). */
    public String events() {
        return events;
    }

    public int threads() {
        return threads;
    }

    public AsOf asOf(Instant now) {
        return AsOf.parse(asOf, now);
    }

    public ComputeRequest toRequest(Instant now) {
        requireEvents();
        if (!memoryLimit.strip().matches("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)")) {
            throw new IllegalArgumentException("--memory-limit '" + memoryLimit + "': expected a size such as 512MB or 4GB");
        }
        return new ComputeRequest(EventFiles.resolve(events), AsOf.parse(asOf, now), threads, memoryLimit);
    }

    private static String defaultMemoryLimit() {
        long bytes = 8L << 30;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            bytes = os.getTotalMemorySize() / 2;
        }
        return Math.max(1, bytes >> 30) + "GB";
    }
}
