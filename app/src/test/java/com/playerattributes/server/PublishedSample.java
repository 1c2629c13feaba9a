package com.playerattributes.server;

import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.rocksdb.RocksDbStore;

import java.nio.file.Path;
import java.util.Map;

/**
 * The bundled sample (1,000 real players) computed and published into a RocksDB store, with its rows read back
 * independently from the Parquet parts, for tests of serving over a real store.
 */
public record PublishedSample(Path snapshot, Path storeDir, String version, Map<String, PanelRow> rows) {

    /** Computes the sample under {@code dir} and publishes it into {@code dir/store} (closed again afterwards). */
    public static PublishedSample create(Path dir) throws Exception {
        Path snapshot = TestSnapshots.sample(dir.resolve("snapshot"));
        Map<String, PanelRow> rows = TestSnapshots.readParquet(snapshot);
        Path storeDir = dir.resolve("store");
        try (RocksDbStore store = RocksDbStore.open(storeDir)) {
            String version = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot).version().id();
            return new PublishedSample(snapshot, storeDir, version, rows);
        }
    }

    public String anyPlayer() {
        return rows.keySet().iterator().next();
    }
}
