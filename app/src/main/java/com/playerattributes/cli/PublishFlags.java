package com.playerattributes.cli;

import com.playerattributes.publish.PublishOptions;
import picocli.CommandLine.Option;

/** Publish flags shared by {@code publish}, {@code run} and {@code serve}. */
public final class PublishFlags {

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Parallel load workers; the snapshot is cut into at least N key-range chunks. Default: number of cores (${DEFAULT-VALUE}).")
    int concurrency = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-shrink-percent", paramLabel = "P",
            description = "Refuse the switch if the snapshot has more than P percent fewer rows than the live version."
                    + " Default: ${DEFAULT-VALUE}.")
    double maxShrinkPercent = PublishOptions.DEFAULT_MAX_SHRINK_PERCENT;

    @Option(names = "--allow-shrink", description = "Publish even if the shrink guard would refuse it.")
    boolean allowShrink;

    @Option(names = "--keep", paramLabel = "K",
            description = "Previous versions to keep for rollback; older ones are deleted after the switch. Default: ${DEFAULT-VALUE}.")
    int keep = PublishOptions.DEFAULT_KEEP;

    @Option(names = "--reader-memory-limit", paramLabel = "SIZE",
            description = "Memory limit of the snapshot reader (DuckDB), e.g. 1GB; past it sorting spills to disk."
                    + " Default: ${DEFAULT-VALUE}.")
    String readerMemoryLimit = PublishOptions.DEFAULT_READER_MEMORY;

    /** Test-only (crash tests): slows each worker to this many rows per second. Documented in docs/publish.md. */
    @Option(names = "--throttle-rows-per-second", hidden = true)
    long throttleRowsPerSecond;

    public PublishOptions toOptions() {
        return new PublishOptions(concurrency, keep, maxShrinkPercent, allowShrink,
                PublishOptions.DEFAULT_CHUNK_ATTEMPTS, readerMemoryLimit, throttleRowsPerSecond);
    }
}
