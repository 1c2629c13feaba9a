package com.playerattributes.cli;

import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.store.OnlineStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Loads a snapshot into the online store as a new version, validates it, and switches it live"
                + " atomically. A failed check or an interrupted load leaves the live version untouched."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--snapshot", required = true, paramLabel = "SNAPSHOT_DIR",
            description = "Snapshot directory written by compute (manifest.json + part-*.parquet).")
    Path snapshot;

    @Mixin
    StoreOption store;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Parallel load workers, one key-range chunk each. Default: number of cores (${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() {
        PublishOptions options = new PublishOptions(concurrency, keep, maxShrinkPercent, allowShrink,
                PublishOptions.DEFAULT_CHUNK_ATTEMPTS, readerMemoryLimit, throttleRowsPerSecond);
        try (OnlineStore online = store.open()) {
            PublishResult result = new Publisher(online, options, ProgressBar.forTerminal()).publish(snapshot);
            System.out.println(result.summary());
        }
        return 0;
    }
}
