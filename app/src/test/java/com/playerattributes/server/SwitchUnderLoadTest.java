package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients loop over random players while new versions are published, once by this process and once by another
 * process. Synthetic snapshots make every row differ between generations
 * ({@code active_days_since_last_purchase = i % 30 + 1000 * generation}), so each answer shows which version it
 * came from: there must be no error and no answer mixing two versions.
 */
class SwitchUnderLoadTest {
    static final int PLAYERS = 20_000;

    @TempDir
    Path dir;

    @Test
    void publishesDuringLoadFailNoRequestAndNoAnswerMixesVersions() throws Exception {
        Path[] snapshots = new Path[4];
        for (int gen = 1; gen <= 3; gen++) {
            snapshots[gen] = dir.resolve("gen" + gen);
            SyntheticSnapshot.create(snapshots[gen], PLAYERS, gen);
        }
        Path storeDir = dir.resolve("store");
        try (RocksDbStore store = RocksDbStore.open(storeDir)) {
            Publisher publisher = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE);
            publisher.publish(snapshots[1]); // v000001 = generation 1
            try (AttributeServer server = AttributeServer.start(store, ServerConfig.defaults(0), Clock.systemUTC())) {
                Load load = new Load(server.port());
                load.start(4);
                Thread.sleep(500);
                publisher.publish(snapshots[2]); // v000002, from this process
                Thread.sleep(500);
                publishFromAnotherProcess(snapshots[3], storeDir); // v000003, from another JVM
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!load.seenVersions.contains("v000003") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(500);
                load.stop();

                System.out.printf("switch under load: %d requests (%d batch items), versions seen %s, errors %d%n",
                        load.requests.get(), load.items.get(), load.seenVersions, load.errors.size());
                assertThat(load.errors).isEmpty();
                assertThat(load.seenVersions).containsExactlyInAnyOrder("v000001", "v000002", "v000003");
                assertThat(load.requests.get()).isGreaterThan(500);
            }
        }
    }

    private static void publishFromAnotherProcess(Path snapshot, Path storeDir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.playerattributes.cli.Main",
                "publish", "--snapshot", snapshot.toString(), "--store", storeDir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    /** Client threads mixing single reads and batches; records every inconsistency. */
    static final class Load {
        final TestClient client;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong requests = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final Set<String> seenVersions = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new java.util.ArrayList<>();

        Load(int port) {
            client = new TestClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                    "http://127.0.0.1:" + port, null);
        }

        void start(int n) {
            for (int t = 0; t < n; t++) {
                Thread thread = new Thread(this::loop, "load-" + t);
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        private void loop() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
                try {
                    if (random.nextBoolean()) {
                        single(random.nextInt(PLAYERS));
                    } else {
                        batch(random);
                    }
                    requests.incrementAndGet();
                } catch (Throwable e) {
                    errors.add(e.toString());
                }
            }
        }

        private void single(int i) {
            TestClient.Answer a = client.get("/v1/players/" + SyntheticSnapshot.playerId(i) + "/attributes/active_days_since_last_purchase");
            if (a.status() != 200) {
                errors.add("status " + a.status() + ": " + a.body());
                return;
            }
            JsonNode body = a.json();
            String version = body.get("version").asText();
            seenVersions.add(version);
            check(version, i, body.get("value"));
        }

        private void batch(ThreadLocalRandom random) {
            int[] ids = random.ints(50, 0, PLAYERS).toArray();
            StringBuilder b = new StringBuilder("{\"player_ids\": [");
            for (int k = 0; k < ids.length; k++) {
                b.append(k == 0 ? "\"" : ",\"").append(SyntheticSnapshot.playerId(ids[k])).append('"');
            }
            TestClient.Answer a = client.post("/v1/attributes:batchGet", b.append("]}").toString());
            if (a.status() != 200) {
                errors.add("batch status " + a.status() + ": " + a.body());
                return;
            }
            JsonNode body = a.json();
            String version = body.get("version").asText();
            seenVersions.add(version);
            for (int k = 0; k < ids.length; k++) {
                check(version, ids[k], body.get("results").get(k).get("attributes").get("active_days_since_last_purchase"));
                items.incrementAndGet();
            }
        }

        private void check(String version, int i, JsonNode value) {
            long generation = Long.parseLong(version.substring(1)); // v00000N holds generation N
            long expected = i % 30 + 1000 * generation;
            if (value == null || value.asLong() != expected) {
                errors.add("player " + i + " in " + version + ": expected " + expected + ", got " + value);
            }
        }
    }
}
