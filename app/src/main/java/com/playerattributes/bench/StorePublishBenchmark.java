package com.playerattributes.bench;

import com.playerattributes.cli.StoreOption;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.redis.RedisStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes synthetic snapshots ({@link SyntheticSnapshot}: real-shaped ids and values) through the real
 * {@link Publisher} into each given store, and prints seconds, rows/s, the ratio against the first store measured
 * in the same run, and the memory per player: for Redis, INFO used_memory after minus before the load (summed
 * over the masters); for other stores, the version's bytes as reported by the store.
 *
 * <pre>
 * java -cp app/target/player-attributes.jar com.playerattributes.bench.StorePublishBenchmark \
 *     --players 100000,1000000 --store /tmp/bench-rocksdb --store redis://127.0.0.1:6379
 * </pre>
 */
public final class StorePublishBenchmark {
    private StorePublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> stores = new ArrayList<>();
        List<Long> players = new ArrayList<>(List.of(100_000L));
        int concurrency = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--store" -> stores.add(value);
                case "--players" -> players = longs(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --store STORE [--store STORE…] --players N[,N…] [--concurrency N])");
            }
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("--store is required, e.g. --store redis://127.0.0.1:6379");
        }
        PublishOptions options = PublishOptions.defaults().withConcurrency(concurrency).withKeepPrevious(0)
                .withShrinkGuard(100, true);
        System.out.printf("%-34s %9s %8s %11s %8s %14s%n", "store", "players", "seconds", "rows/s", "ratio",
                "bytes/player");
        Path work = Files.createTempDirectory("publish-bench-");
        try {
            for (long n : players) {
                Path snapshot = work.resolve("synthetic-" + n);
                SyntheticSnapshot.create(snapshot, n, 1);
                double baseline = 0;
                for (String location : stores) {
                    try (OnlineStore store = StoreOption.open(fresh(location, n))) {
                        long before = store instanceof RedisStore redis ? redis.usedMemoryBytes() : 0;
                        PublishResult result = new Publisher(store, options, PublishListener.NONE).publish(snapshot);
                        double seconds = result.duration().toNanos() / 1e9;
                        String perPlayer;
                        if (store instanceof RedisStore redis) {
                            perPlayer = String.format(Locale.ROOT, "%.1f RAM",
                                    (redis.usedMemoryBytes() - before) / (double) n);
                        } else {
                            perPlayer = String.format(Locale.ROOT, "%.1f disk", result.version().bytes() / (double) n);
                        }
                        double rate = n / seconds;
                        baseline = baseline == 0 ? rate : baseline;
                        System.out.printf(Locale.ROOT, "%-34s %9d %8.2f %11.0f %7.2fx %14s%n", location, n, seconds,
                                rate, rate / baseline, perPlayer);
                    }
                }
            }
        } finally {
            SnapshotStaging.deleteRecursively(work);
        }
    }

    /**
     * Each Redis run publishes into a namespace of its own, so the memory delta is exactly one version (the
     * namespaces stay behind: run against a scratch redis-server, then FLUSHALL). A RocksDB directory is used as
     * given.
     */
    private static String fresh(String location, long players) {
        if (!location.startsWith("redis") || location.contains("?")) {
            return location;
        }
        // Two characters, as long as the default namespace "pa", so the keys measured are as long as real ones.
        long n = (ProcessHandle.current().pid() * 31 + players) % (36 * 36);
        return location + "?namespace=" + Long.toString(n / 36, 36) + Long.toString(n % 36, 36);
    }

    private static List<Long> longs(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Long.parseLong(s.trim()));
        }
        return out;
    }
}
