package com.playerattributes.store.redis;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Panels with known values, loaded through the OnlineStore interface the way a publisher does. */
final class RedisStoreFixtures {
    static final Instant AS_OF = Instant.parse("2026-11-30T00:00:00Z");
    static final RedisStore.Settings FAST = RedisStore.Settings.defaults()
            .withLockTtl(Duration.ofMillis(1500)).withLeaseTtl(Duration.ofSeconds(2));

    private RedisStoreFixtures() {
    }

    static String playerId(int i) {
        return String.format("p%06d", i);
    }

    /** Player i of a panel tagged {@code marker}: every attribute is derived from i and marker. */
    static PanelRow row(int i, int marker) {
        return new PanelRow(playerId(i), i % 7 == 0 ? null : "C" + (i % 50), marker + i / 1000.0,
                i % 3 == 0 ? null : (double) marker, (long) (i % 30), marker * 1.0);
    }

    /** Loads players 0..players-1 tagged {@code marker} in {@code chunks} parallel chunks, seals, returns it. */
    static StoreVersion load(OnlineStore store, int players, int chunks, int marker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(chunks);
        try (VersionLoad load = store.beginVersion(AS_OF, "marker-" + marker)) {
            List<Future<?>> done = new ArrayList<>();
            int per = (players + chunks - 1) / chunks;
            for (int c = 0; c < chunks; c++) {
                int from = c * per;
                int to = Math.min(players, from + per);
                int index = c;
                done.add(pool.submit(() -> {
                    try (VersionLoad.ChunkWriter writer = load.openChunk(index)) {
                        for (int i = from; i < to; i++) {
                            PanelRow row = row(i, marker);
                            writer.put(PanelValueCodec.key(row.playerId()), PanelValueCodec.encode(row));
                        }
                        writer.finish();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return load.seal();
        } finally {
            pool.shutdownNow();
        }
    }

    static StoreVersion publish(OnlineStore store, int players, int marker) throws Exception {
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            StoreVersion v = load(store, players, 3, marker);
            store.switchLive(v.id());
            return v;
        }
    }

    /** Keys matching {@code pattern} over every node (an independent count, with the test's own SCAN). */
    static long countKeys(List<RedisProcess> nodes, String pattern) {
        long n = 0;
        for (RedisProcess node : nodes) {
            try (Jedis jedis = node.connect()) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(pattern).count(1000));
                    n += page.getResult().size();
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
        return n;
    }
}
