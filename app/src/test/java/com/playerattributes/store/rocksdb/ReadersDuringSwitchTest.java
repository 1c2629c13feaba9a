package com.playerattributes.store.rocksdb;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.PanelValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two versions whose every row differs (generation 1 and 2 of the synthetic panel). Readers in one store instance
 * read batches of random players while another instance (standing in for another process) flips the live pointer
 * back and forth; every batch must come wholly from the version the reader pinned.
 */
class ReadersDuringSwitchTest {
    private static final int PLAYERS = 5_000;

    @Test
    void concurrentReadersOnlyEverSeeWholeVersionsWhileTheLivePointerFlips(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        Map<String, Long> generationOf = new ConcurrentHashMap<>();
        try (RocksDbStore writer = RocksDbStore.open(storeDir)) {
            Publisher publisher = new Publisher(writer, PublishOptions.defaults().withKeepPrevious(5), PublishListener.NONE);
            for (long generation = 1; generation <= 2; generation++) {
                Path snapshot = dir.resolve("gen" + generation);
                SyntheticSnapshot.create(snapshot, PLAYERS, generation);
                generationOf.put(publisher.publish(snapshot).version().id(), generation);
            }

            RocksDbStore.Settings fastPolling = new RocksDbStore.Settings(8L << 20, Duration.ofMillis(10));
            try (RocksDbStore reader = RocksDbStore.open(storeDir, fastPolling, Clock.systemUTC())) {
                AtomicBoolean running = new AtomicBoolean(true);
                List<String> violations = new CopyOnWriteArrayList<>();
                Map<String, AtomicLong> batchesPerVersion = new ConcurrentHashMap<>();
                List<Thread> readers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Thread thread = new Thread(() -> {
                        while (running.get()) {
                            try (LiveVersion live = reader.acquireLive().orElseThrow()) {
                                long expected = generationOf.get(live.version().id());
                                for (int i = 0; i < 50; i++) {
                                    String id = SyntheticSnapshot.playerId(ThreadLocalRandom.current().nextInt(PLAYERS));
                                    PanelRow row = PanelValueCodec.decode(id, live.get(PanelValueCodec.key(id)));
                                    if (row.activeDaysSinceLastPurchase() / 1000 != expected) {
                                        violations.add(live.version().id() + " returned " + row);
                                    }
                                }
                                batchesPerVersion.computeIfAbsent(live.version().id(), k -> new AtomicLong())
                                        .incrementAndGet();
                            } catch (RuntimeException e) {
                                violations.add(e.toString());
                            }
                        }
                    });
                    thread.start();
                    readers.add(thread);
                }

                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                int switches = 0;
                while (System.nanoTime() < until) {
                    writer.switchLive(switches % 2 == 0 ? "v000001" : "v000002");
                    switches++;
                    Thread.sleep(25);
                }
                running.set(false);
                for (Thread thread : readers) {
                    thread.join();
                }

                assertThat(violations).isEmpty();
                assertThat(switches).isGreaterThan(10);
                assertThat(batchesPerVersion.keySet()).containsExactlyInAnyOrder("v000001", "v000002");
            }
        }
    }

    @Test
    void aSwitchMadeThroughAnotherStoreInstanceReachesRunningReadersWithoutReopening(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        RocksDbStore.Settings settings = new RocksDbStore.Settings(8L << 20, Duration.ofMillis(50));
        try (RocksDbStore writer = RocksDbStore.open(storeDir);
             RocksDbStore reader = RocksDbStore.open(storeDir, settings, Clock.systemUTC())) {
            Publisher publisher = new Publisher(writer, PublishOptions.defaults(), PublishListener.NONE);
            Path first = dir.resolve("gen1");
            SyntheticSnapshot.create(first, 1_000, 1);
            publisher.publish(first);
            try (LiveVersion live = reader.acquireLive().orElseThrow()) {
                assertThat(live.version().id()).isEqualTo("v000001");
            }

            Path second = dir.resolve("gen2");
            SyntheticSnapshot.create(second, 1_000, 2);
            publisher.publish(second);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String seen = null;
            while (System.nanoTime() < deadline && !"v000002".equals(seen)) {
                try (LiveVersion live = reader.acquireLive().orElseThrow()) {
                    seen = live.version().id();
                }
                Thread.sleep(10);
            }
            assertThat(seen).isEqualTo("v000002");
        }
    }
}
