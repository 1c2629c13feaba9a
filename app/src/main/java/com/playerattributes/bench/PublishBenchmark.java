package com.playerattributes.bench;

import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.rocksdb.RocksDbStore;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Publishes synthetic snapshots of the given sizes into fresh stores and prints seconds and rows/s.
 *
 * <pre>java -Xmx1g -cp app/target/player-attributes.jar com.playerattributes.bench.PublishBenchmark [WORK_DIR] [ROWS...]</pre>
 */
public final class PublishBenchmark {
    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("publish-bench-");
        long[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                : new long[] {100_000, 10_000_000};
        for (long rows : sizes) {
            Path snapshot = work.resolve("snapshot-" + rows);
            if (!Files.exists(snapshot.resolve("manifest.json"))) {
                long t = System.nanoTime();
                SyntheticSnapshot.create(snapshot, rows, 0);
                System.out.printf("generated %,d rows in %.2f s%n", rows, (System.nanoTime() - t) / 1e9);
            }
            Path storeDir = work.resolve("store-" + rows);
            SnapshotStaging.deleteRecursively(storeDir);
            try (RocksDbStore store = RocksDbStore.open(storeDir)) {
                PublishResult r = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot);
                System.out.printf("publish %,d rows: %.2f s, %,.0f rows/s, heap max %d MiB%n", rows,
                        r.duration().toNanos() / 1e9, r.rowsPerSecond(), Runtime.getRuntime().maxMemory() >> 20);
            }
        }
    }
}
