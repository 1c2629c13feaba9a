package com.playerattributes.bench;

import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.rocksdb.RocksDbStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Publishes synthetic snapshots into fresh stores and prints seconds, rows/s and CPU seconds: the first publish
 * of the JVM (cold, as a one-shot CLI run) and the median of three more (warm, as in a long-running server), and
 * for sizes up to {@code --baseline-max} rows the per-row-put baseline measured in the same run.
 *
 * <pre>
 * java -Xmx1g -cp app/target/player-attributes.jar com.playerattributes.bench.PublishBenchmark \
 *     [--work DIR] [--baseline-max ROWS] [ROWS ...]          (default ROWS: 100000 10000000)
 * </pre>
 */
public final class PublishBenchmark {
    private PublishBenchmark() {
    }

    record Measurement(double seconds, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path work = null;
        long baselineMax = 1_000_000;
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--baseline-max" -> baselineMax = Long.parseLong(args[++i]);
                default -> sizes.add(Long.parseLong(args[i].replace("_", "")));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000L, 10_000_000L);
        }
        boolean temporary = work == null;
        if (temporary) {
            work = Files.createTempDirectory("publish-bench-");
        }
        System.out.printf("machine: %d cores, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        try {
            boolean cold = true;
            for (long rows : sizes) {
                Path snapshot = work.resolve("snapshot-" + rows);
                if (!Files.exists(snapshot.resolve("manifest.json"))) {
                    long t = System.nanoTime();
                    SyntheticSnapshot.create(snapshot, rows, 0);
                    System.out.printf("generated %,d rows in %.2f s%n", rows, (System.nanoTime() - t) / 1e9);
                }
                if (cold) {
                    print(rows, "publish, cold (first in JVM)", publishOnce(work, snapshot));
                    cold = false;
                }
                int repeats = rows > 1_000_000 ? 1 : 3;
                Measurement[] warm = new Measurement[repeats];
                for (int i = 0; i < repeats; i++) {
                    warm[i] = publishOnce(work, snapshot);
                }
                Arrays.sort(warm, (a, b) -> Double.compare(a.seconds, b.seconds));
                Measurement median = warm[repeats / 2];
                print(rows, "publish, warm (median of " + repeats + ")", median);
                if (rows <= baselineMax) {
                    Measurement base = baseline(work, snapshot, rows);
                    print(rows, "baseline: one put per row", base);
                    System.out.printf("  -> publish is %.1fx faster than the per-row-put baseline%n",
                            base.seconds / median.seconds);
                }
            }
        } finally {
            if (temporary) {
                SnapshotStaging.deleteRecursively(work);
            }
        }
    }

    private static Measurement publishOnce(Path work, Path snapshot) {
        Path storeDir = work.resolve("store");
        SnapshotStaging.deleteRecursively(storeDir);
        long cpu = processCpuNanos();
        try (RocksDbStore store = RocksDbStore.open(storeDir)) {
            PublishResult r = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot);
            return new Measurement(r.duration().toNanos() / 1e9, (processCpuNanos() - cpu) / 1e9);
        } finally {
            SnapshotStaging.deleteRecursively(storeDir);
        }
    }

    private static Measurement baseline(Path work, Path snapshot, long rows) throws Exception {
        Path dbDir = work.resolve("baseline-db");
        SnapshotStaging.deleteRecursively(dbDir);
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        long loaded = PerRowPutBaseline.load(snapshot, dbDir);
        Measurement m = new Measurement((System.nanoTime() - t) / 1e9, (processCpuNanos() - cpu) / 1e9);
        SnapshotStaging.deleteRecursively(dbDir);
        if (loaded != rows) {
            throw new IllegalStateException("baseline loaded " + loaded + " rows, expected " + rows);
        }
        return m;
    }

    private static void print(long rows, String what, Measurement m) {
        System.out.printf("%,12d rows  %-32s %7.2f s  %,12.0f rows/s  cpu %6.2f s%n", rows, what, m.seconds,
                rows / m.seconds, m.cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
