package com.playerattributes.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against a deliberately slow server of known behaviour, on loopback. */
class LoadGeneratorTest {

    private static final List<String> IDS = IntStream.range(0, 50).mapToObj(i -> String.format("%024x", i)).toList();

    private Vertx serverVertx;
    private int port;
    private final Map<String, AtomicInteger> requestsByShape = new ConcurrentHashMap<>();

    @BeforeEach
    void startVertx() {
        // One event loop: blocking it stalls the whole server, as a GC pause or a disk stall would.
        serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(10_000));
    }

    @AfterEach
    void stop() throws Exception {
        serverVertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void fixedTwentyMillisecondServerShowsMedianOfAtLeastTwentyMilliseconds() throws Exception {
        start((req, started) -> serverVertx.setTimer(20, t -> req.response().end("{}")));
        LoadReport r = run(200, Duration.ofSeconds(2), 16, null);

        assertThat(r.sent()).isEqualTo(400);
        assertThat(r.completed()).isEqualTo(400);
        assertThat(r.ok()).isEqualTo(400);
        assertThat(r.errors()).isEmpty();
        assertThat(r.p50Ms()).isGreaterThanOrEqualTo(20.0);
        assertThat(r.maxMs()).isGreaterThanOrEqualTo(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
        assertThat(r.achievedRate()).isBetween(150.0, 210.0);
    }

    @Test
    void aHalfSecondStallShowsInTheHighPercentilesNotAsOneSlowSample() throws Exception {
        long startNanos = System.nanoTime();
        AtomicBoolean stalled = new AtomicBoolean();
        start((req, started) -> {
            if (System.nanoTime() - startNanos > TimeUnit.MILLISECONDS.toNanos(1_500) && stalled.compareAndSet(false, true)) {
                sleep(500); // blocks the only event loop: nothing is answered or accepted meanwhile
            }
            serverVertx.setTimer(20, t -> req.response().end("{}"));
        });
        LoadReport r = run(200, Duration.ofSeconds(3), 16, null);

        assertThat(stalled).isTrue();
        assertThat(r.completed()).isEqualTo(600);
        // ~100 of 600 requests were due during the stall; their latencies spread from ~520 ms down to ~20 ms,
        // so the top 10% are all above ~200 ms. A closed-loop tool that waits for answers before sending would
        // see at most one slow request per connection (16 of 600, under 3%), and its p90 would stay near 20 ms.
        assertThat(r.maxMs()).isGreaterThanOrEqualTo(480.0);
        assertThat(r.p90Ms()).isGreaterThanOrEqualTo(150.0);
        assertThat(r.p99Ms()).isGreaterThanOrEqualTo(400.0);
        assertThat(r.p50Ms()).isGreaterThanOrEqualTo(20.0).isLessThan(150.0);
    }

    @Test
    void mixSendsSingleAllAndBatchRequestsInProportion() throws Exception {
        start((req, started) -> {
            String shape;
            if (req.path().equals("/v1/attributes:batchGet")) {
                shape = req.method().name() + " batch";
                req.body().onSuccess(b -> {
                    String body = b.toString();
                    if (body.startsWith("{\"player_ids\":[\"") && body.contains("],\"attributes\":[\"country\",")
                            && body.chars().filter(c -> c == ',').count() == 9 + 5) {
                        requestsByShape.computeIfAbsent("well-formed batch", k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            } else if (req.path().matches("/v1/players/[0-9a-f]{24}/attributes")) {
                shape = req.method().name() + " all";
            } else if (req.path().matches("/v1/players/[0-9a-f]{24}/attributes/[a-z_0-9]+")) {
                shape = req.method().name() + " single";
            } else {
                shape = req.method().name() + " " + req.path();
            }
            requestsByShape.computeIfAbsent(shape, k -> new AtomicInteger()).incrementAndGet();
            req.response().end("{}");
        });
        LoadReport r = run(1_000, Duration.ofSeconds(1), 4, null);

        assertThat(r.ok()).isEqualTo(1_000);
        assertThat(requestsByShape.keySet()).containsExactlyInAnyOrder("GET single", "GET all", "POST batch", "well-formed batch");
        assertThat(requestsByShape.get("GET single").get()).isBetween(740, 860);   // 8/10, ~4 sd
        assertThat(requestsByShape.get("GET all").get()).isBetween(65, 135);       // 1/10
        assertThat(requestsByShape.get("POST batch").get()).isBetween(65, 135);
        assertThat(requestsByShape.get("well-formed batch").get()).isEqualTo(requestsByShape.get("POST batch").get());
    }

    @Test
    void fixedPathModeRequestsOnlyThatPathAndCountsErrorsByStatus() throws Exception {
        AtomicInteger n = new AtomicInteger();
        start((req, started) -> {
            requestsByShape.computeIfAbsent(req.path(), k -> new AtomicInteger()).incrementAndGet();
            req.response().setStatusCode(n.incrementAndGet() % 4 == 0 ? 503 : 200).end("{}");
        });
        LoadReport r = run(400, Duration.ofSeconds(1), 4, "/static.json");

        assertThat(requestsByShape.keySet()).containsExactly("/static.json");
        assertThat(r.completed()).isEqualTo(400);
        assertThat(r.ok()).isEqualTo(300);
        assertThat(r.errors()).containsExactly(Map.entry("503", 100L));
    }

    @Test
    void warmupRequestsAreSentAtTheSameRateButNotReported() throws Exception {
        AtomicInteger served = new AtomicInteger();
        start((req, started) -> {
            served.incrementAndGet();
            req.response().setStatusCode(served.get() <= 200 ? 500 : 200).end("{}");
        });
        LoadReport r = new LoadGenerator(new LoadRequest(URI.create("http://127.0.0.1:" + port), "/x", 400,
                Duration.ofSeconds(1), Duration.ofMillis(500), 4, null, RequestMix.parse("single=1", 1),
                Duration.ofSeconds(5), 1)).run();

        assertThat(served.get()).isEqualTo(600);
        assertThat(r.sent()).isEqualTo(400);
        assertThat(r.completed()).isEqualTo(400);
        assertThat(r.errors()).isEmpty(); // the 500s answered the first 200 (warm-up) requests
    }

    @Test
    void unansweredRequestsCountAsTimeouts() throws Exception {
        start((req, started) -> { }); // never answers
        LoadReport r = new LoadGenerator(new LoadRequest(URI.create("http://127.0.0.1:" + port), null, 50,
                Duration.ofMillis(200), Duration.ZERO, 2, PlayerPicker.uniform(IDS), RequestMix.parse("single=1", 1),
                Duration.ofMillis(300), 1)).run();

        assertThat(r.sent()).isEqualTo(10);
        assertThat(r.completed()).isZero();
        assertThat(r.errors()).containsEntry("timeout", 10L);
    }

    private LoadReport run(double rate, Duration duration, int connections, String path) {
        return new LoadGenerator(new LoadRequest(URI.create("http://127.0.0.1:" + port), path, rate, duration,
                Duration.ZERO, connections, PlayerPicker.uniform(IDS), RequestMix.parse("single=8,all=1,batch=1", 10),
                Duration.ofSeconds(5), 7)).run();
    }

    private void start(BiConsumer<HttpServerRequest, Long> handler) throws Exception {
        HttpServer server = serverVertx.createHttpServer()
                .requestHandler(req -> handler.accept(req, System.nanoTime()))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
