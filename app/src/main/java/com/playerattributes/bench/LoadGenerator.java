package com.playerattributes.bench;

import com.playerattributes.snapshot.Attribute;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop, constant-rate HTTP load generator. Request {@code i} is due at {@code start + i / rate}; a
 * scheduler thread hands each due request to the client's event loop on time whether or not earlier requests have
 * answered, and the latency is measured from that intended time. A stalled server therefore shows up as high
 * latencies for every request scheduled during the stall, not as one slow sample (no coordinated omission).
 *
 * <p>All per-request state (histogram, counters, random choices) is owned by the single event loop, so the hot
 * path takes no locks and allocates little beyond what the HTTP client itself needs.
 */
public final class LoadGenerator {

    private static final List<String> ATTRIBUTES = Attribute.all().stream().map(Attribute::columnName).toList();
    private static final String BATCH_ATTRIBUTES = ATTRIBUTES.stream()
            .map(a -> '"' + a + '"').reduce((a, b) -> a + "," + b).orElseThrow();

    private final LoadRequest request;
    private final double nanosPerRequest;
    private final long total;

    // Owned by the event loop.
    private final Histogram latencyNanos = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final SplittableRandom random;
    private final long[] statusCounts = new long[600];
    private final Map<String, Long> failures = new TreeMap<>();
    private long completed;
    private long failedCount;
    private long lastResponseNanos;
    private long startNanos;
    private HttpClient client;
    private CountDownLatch allAnswered;

    public LoadGenerator(LoadRequest request) {
        this.request = request;
        this.nanosPerRequest = 1e9 / request.rate();
        this.total = request.scheduledRequests();
        this.random = new SplittableRandom(request.seed());
        latencyNanos.setAutoResize(true);
    }

    public LoadReport run() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                            .setDefaultHost(request.baseUrl().getHost()).setDefaultPort(request.port())
                            .setIdleTimeout((int) Math.max(1, request.drainTimeout().toSeconds() + 1)),
                    new PoolOptions().setHttp1MaxSize(request.connections()).setMaxWaitQueueSize(-1));
            Context loop = vertx.getOrCreateContext();
            allAnswered = new CountDownLatch(1);
            startNanos = System.nanoTime();
            schedule(loop);
            boolean drained = await(allAnswered, request.drainTimeout());
            CountDownLatch snapshot = new CountDownLatch(1);
            LoadReport[] report = new LoadReport[1];
            loop.runOnContext(v -> {
                report[0] = report(drained);
                snapshot.countDown();
            });
            await(snapshot, java.time.Duration.ofSeconds(10));
            return report[0];
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // the report is complete; a slow shutdown of the client's threads changes nothing in it
            }
        }
    }

    /** Runs on the calling thread until every request has been handed to the event loop at its due time. */
    private void schedule(Context loop) {
        long next = 0;
        while (next < total) {
            long now = System.nanoTime();
            long due = dueNanos(next);
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            long first = next;
            while (next < total && dueNanos(next) <= now) {
                next++;
            }
            long last = next;
            loop.runOnContext(v -> {
                for (long i = first; i < last; i++) {
                    send(dueNanos(i));
                }
            });
        }
    }

    private long dueNanos(long i) {
        return startNanos + (long) (i * nanosPerRequest);
    }

    private void send(long intendedNanos) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET);
        Buffer body = null;
        if (request.fixedPath() != null) {
            options.setURI(request.fixedPath());
        } else {
            switch (request.mix().pick(random.nextDouble())) {
                case SINGLE -> options.setURI(request.pathPrefix() + "/v1/players/" + player()
                        + "/attributes/" + ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())));
                case ALL -> options.setURI(request.pathPrefix() + "/v1/players/" + player() + "/attributes");
                case BATCH -> {
                    options.setMethod(HttpMethod.POST).setURI(request.pathPrefix() + "/v1/attributes:batchGet")
                            .putHeader(HttpHeaders.CONTENT_TYPE, HttpHeaders.createOptimized("application/json"));
                    body = batchBody();
                }
            }
        }
        Buffer payload = body;
        client.request(options)
                .compose(req -> payload == null ? req.send() : req.send(payload))
                .compose(resp -> resp.end().map(v -> resp))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        answered(intendedNanos, ar.result());
                    } else {
                        failed(ar.cause());
                    }
                });
    }

    private String player() {
        return request.players().pick(random.nextDouble());
    }

    private Buffer batchBody() {
        StringBuilder b = new StringBuilder(32 + request.mix().batchSize() * 30 + BATCH_ATTRIBUTES.length());
        b.append("{\"player_ids\":[");
        for (int k = 0; k < request.mix().batchSize(); k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append('"').append(player()).append('"');
        }
        b.append("],\"attributes\":[").append(BATCH_ATTRIBUTES).append("]}");
        return Buffer.buffer(b.toString());
    }

    private void answered(long intendedNanos, HttpClientResponse resp) {
        long now = System.nanoTime();
        latencyNanos.recordValue(Math.max(0, now - intendedNanos));
        int status = resp.statusCode();
        statusCounts[status >= 0 && status < statusCounts.length ? status : 0]++;
        completed++;
        lastResponseNanos = now;
        finishOne();
    }

    private void failed(Throwable cause) {
        failures.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
        failedCount++;
        finishOne();
    }

    private void finishOne() {
        if (completed + failedCount >= total) {
            allAnswered.countDown();
        }
    }

    private LoadReport report(boolean drained) {
        Map<String, Long> errors = new TreeMap<>(failures);
        long ok = 0;
        long responses = 0;
        for (int s = 0; s < statusCounts.length; s++) {
            responses += statusCounts[s];
            if (s >= 200 && s < 300) {
                ok += statusCounts[s];
            } else if (statusCounts[s] > 0) {
                errors.put(Integer.toString(s), statusCounts[s]);
            }
        }
        long missing = total - responses - failedCount;
        if (!drained && missing > 0) {
            errors.put("timeout", missing);
        }
        double seconds = Math.max(1e-9, ((responses > 0 ? lastResponseNanos : System.nanoTime()) - startNanos) / 1e9);
        return new LoadReport(request.baseUrl().toString() + (request.fixedPath() == null ? "" : request.fixedPath()),
                request.rate(), request.duration().toNanos() / 1e9, request.connections(),
                request.fixedPath() == null ? request.mix().toString() : "fixed path",
                total, responses, responses / seconds, ok, errors,
                ms(latencyNanos.getValueAtPercentile(50)), ms(latencyNanos.getValueAtPercentile(90)),
                ms(latencyNanos.getValueAtPercentile(99)), ms(latencyNanos.getValueAtPercentile(99.9)),
                ms(latencyNanos.getMaxValue()), latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getMean() / 1e6);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static boolean await(CountDownLatch latch, java.time.Duration timeout) {
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
