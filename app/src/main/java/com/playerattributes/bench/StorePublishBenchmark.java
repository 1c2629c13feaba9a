package com.playerattributes.bench;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import com.playerattributes.store.redis.RedisStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Publishes synthetic panels shaped like the real one (24-hex-digit player ids, 2-letter country, four numbers,
 * about 37 value bytes) into online stores and prints rows/s, the ratio against the first configuration measured
 * in the same run, and, for Redis, the memory per player (INFO used_memory before and after the load).
 *
 * <pre>
 * java -cp app/target/player-attributes.jar com.playerattributes.bench.StorePublishBenchmark \
 *     --players 100000,1000000 --chunks 1,4 --store redis://127.0.0.1:6379
 * </pre>
 */
public final class StorePublishBenchmark {
    private static final String[] COUNTRIES = {"US", "IT", "DE", "FR", "BR", "GB", "ES", "IN", "JP", "MX"};

    private StorePublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> stores = new ArrayList<>();
        List<Integer> players = new ArrayList<>(List.of(100_000));
        List<Integer> chunks = new ArrayList<>(List.of(4));
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--store" -> stores.add(value);
                case "--players" -> players = ints(value);
                case "--chunks" -> chunks = ints(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --store URL [--store URL…] --players N[,N…] --chunks N[,N…])");
            }
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("--store is required, e.g. --store redis://127.0.0.1:6379");
        }
        run(stores, players, chunks, StorePublishBenchmark::open);
    }

    /** Opens a store URL; the publish CLI's store selection replaces this once it exists. */
    static OnlineStore open(String url) {
        return RedisStore.open(url);
    }

    static void run(List<String> stores, List<Integer> players, List<Integer> chunks,
                    Function<String, OnlineStore> opener) throws Exception {
        System.out.printf("%-40s %10s %6s %9s %12s %8s %14s%n", "store", "players", "chunks", "seconds",
                "rows/s", "ratio", "bytes/player");
        for (int n : players) {
            double baseline = 0;
            for (String url : stores) {
                for (int c : chunks) {
                    try (OnlineStore store = opener.apply(url)) {
                        long before = store instanceof RedisStore redis ? redis.usedMemoryBytes() : 0;
                        long started = System.nanoTime();
                        StoreVersion version = publish(store, n, c);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        long after = store instanceof RedisStore redis ? redis.usedMemoryBytes() : 0;
                        double rate = n / seconds;
                        baseline = baseline == 0 ? rate : baseline;
                        String perPlayer = store instanceof RedisStore
                                ? String.format(Locale.ROOT, "%.1f", (after - before) / (double) n)
                                : String.format(Locale.ROOT, "%.1f (disk)", version.bytes() / (double) n);
                        System.out.printf(Locale.ROOT, "%-40s %10d %6d %9.2f %12.0f %7.2fx %14s%n", url, n, c,
                                seconds, rate, rate / baseline, perPlayer);
                        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
                            store.retain(0); // keep only what was just published, so runs don't add up
                        }
                    }
                }
            }
        }
    }

    private static StoreVersion publish(OnlineStore store, int players, int chunks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(chunks);
        try (OnlineStore.PublishLock lock = store.lockForPublish();
             VersionLoad load = store.beginVersion(Instant.parse("2024-01-16T23:59:50Z"), "synthetic")) {
            List<Future<?>> done = new ArrayList<>();
            int per = (players + chunks - 1) / chunks;
            for (int c = 0; c < chunks; c++) {
                int from = c * per;
                int to = Math.min(players, from + per);
                int index = c;
                done.add(pool.submit(() -> {
                    try (VersionLoad.ChunkWriter writer = load.openChunk(index)) {
                        for (int i = from; i < to; i++) {
                            PanelRow row = row(i);
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
            StoreVersion version = load.seal();
            store.switchLive(version.id());
            return version;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Player i: ids ascend with i, like the sorted snapshot parts; ~13% have no 5-day median, as measured. */
    static PanelRow row(int i) {
        String id = String.format("6671adc2dd588a8b%08x", i);
        return new PanelRow(id, COUNTRIES[i % COUNTRIES.length], 3.5 + i % 97, 1.0 + i % 13, (long) (i % 400),
                i % 8 == 0 ? null : 100.0 + i % 1000);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }
}
