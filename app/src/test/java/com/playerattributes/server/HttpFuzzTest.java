package com.playerattributes.server;

import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000+ random and malformed requests over raw sockets (bad paths, odd ids, bad JSON, wrong methods, oversized
 * bodies, broken HTTP): no 500, the server stays up and correct, and memory is stable afterwards.
 */
class HttpFuzzTest {
    static final int REQUESTS = 10_000;
    static final long SEED = 20241216L;

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "FOO", "CONNECT"};
    static final String[] ODD_IDS = {"..", "../../etc/passwd", "%2e%2e%2f%2e%2e", "%00", "a%00b", "' OR 1=1 --", "\"; DROP TABLE users; --",
            "%27%20OR%20%271%27%3D%271", "p1%2Fattributes", "%F0%9F%98%80", "%E2%80%AE", "%C0%AF", "%ED%A0%80", "%", "%4", "%G0",
            "null", "undefined", "*", "p1;p2", "p1?x=1", "p1#frag", "%20", "+", "~", "%7F", "%1B[31m", "p1%0d%0aSet-Cookie:x"};
    static final String[] ATTRS = {"country", "avg_price_10", "active_days_since_last_purchase", "COUNTRY", "", "..", "%00",
            "score_perc_50_last_5_days/extra", "x".repeat(300)};
    static final String[] BODIES = {"", "{", "}", "[]", "null", "1", "\"str\"", "{\"player_ids\": null}", "{\"player_ids\": {}}",
            "{\"player_ids\": [null]}", "{\"player_ids\": [1e400]}", "{\"player_ids\": [\"p1\"], \"attributes\": \"country\"}",
            "{\"player_ids\": [\"p1\"], \"attributes\": [\"bad\"]}", "{\"player_ids\": [\"p1\"], \"player_ids\": [\"p2\"]}",
            "{\"player_ids\": [\"\\u0000\"]}", "{\"player_ids\": [\"p1\"]", "{\"player_ids\": [\"p1\",]}", "{'player_ids': ['p1']}",
            "{\"player_ids\": [\"\\ud800\"]}", "\u0000\u0001\u0002", "{\"player_ids\": [\"p1\"]}garbage",
            "[".repeat(5000), "{\"a\":".repeat(2000), "{\"player_ids\": [\"" + "y".repeat(70_000) + "\"]}"};
    static final String[] RAW = {"\r\n\r\n", "GET\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nNoColonHeader\r\n\r\n", "GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
            "POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "GET /healthz\u0000 HTTP/1.1\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-Big: " + "h".repeat(9000) + "\r\n\r\n", "GET /" + "l".repeat(5000) + " HTTP/1.1\r\n\r\n",
            "GET http://evil.example/v1/status HTTP/1.1\r\nHost: evil\r\n\r\n", "GET /healthz HTTP/1.1\r\nHost: x\r\n Folded: header\r\n\r\n"};

    @Test
    void randomAndMalformedRequestsNeverGet500AndTheServerStaysHealthy() throws Exception {
        InMemoryStore store = new InMemoryStore();
        store.publish(Instant.parse("2024-01-16T00:00:00Z"), List.of(new PanelRow("p1", "DE", 1.5, 2.0, 3L, null),
                new PanelRow("p2", null, null, null, null, null)));
        ServerConfig config = ServerConfig.defaults(0).withEventLoops(2)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(5)); // requests that never complete cost little
        try (AttributeServer server = AttributeServer.start(store, config, Clock.systemUTC())) {
            int port = server.port();
            fire(port, new Random(SEED - 1), 1000); // warm-up, so RSS "before" includes JIT and buffer pools
            long rssBefore = rssKb();
            long heapBefore = heapAfterGcKb();

            Map<Integer, AtomicInteger> statuses = fire(port, new Random(SEED), REQUESTS);

            long rssAfter = rssKb();
            long heapAfter = heapAfterGcKb();
            System.out.printf("fuzz: %d requests, statuses %s; RSS before %d KB, after %d KB; heap after GC before %d KB, after %d KB%n",
                    REQUESTS, new TreeMap<>(statuses), rssBefore, rssAfter, heapBefore, heapAfter);

            assertThat(statuses).doesNotContainKey(500);
            assertThat(statuses.keySet()).allSatisfy(s -> assertThat(s).isIn(-1, 200, 400, 401, 404, 405, 413, 414, 431, 503));
            assertThat(statuses.getOrDefault(-1, new AtomicInteger()).get())
                    .as("requests closed without an answer (TLS/HTTP2 prefaces, unfinished chunked bodies)").isLessThan(REQUESTS / 10);
            TestClient client = new TestClient(port);
            assertThat(client.get("/healthz").status()).isEqualTo(200);
            assertThat(client.get("/v1/players/p1/attributes/avg_price_10").json().get("value").asDouble()).isEqualTo(1.5);
            assertThat(store.pinnedReaders()).isZero();
            assertThat(heapAfter - heapBefore).as("live heap growth, KB").isLessThan(16 * 1024);
        }
    }

    private Map<Integer, AtomicInteger> fire(int port, Random seeds, int n) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long seed = seeds.nextLong();
                futures.add(pool.submit(() -> {
                    byte[] request = request(new Random(seed));
                    String raw;
                    try {
                        raw = TestClient.raw(port, request);
                    } catch (java.io.IOException e) {
                        raw = "";
                    }
                    int status = TestClient.firstStatus(raw);
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (status == -1 && unanswered.getAndIncrement() < 12) {
                        System.out.println("no answer for: " + new String(request, 0, Math.min(80, request.length), StandardCharsets.ISO_8859_1)
                                .replace("\r", "\\r").replace("\n", "\\n"));
                    }
                    if (status == 500) {
                        System.out.println("500 for: " + new String(request, StandardCharsets.ISO_8859_1));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return statuses;
    }

    static byte[] request(Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return RAW[r.nextInt(RAW.length)].getBytes(StandardCharsets.ISO_8859_1);
        }
        if (kind == 1) {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(junk);
            out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
        String method = r.nextInt(3) == 0 ? METHODS[r.nextInt(METHODS.length)] : (r.nextBoolean() ? "GET" : "POST");
        String path = switch (r.nextInt(6)) {
            case 0 -> "/v1/attributes:batchGet";
            case 1 -> "/v1/players/" + id(r) + "/attributes";
            case 2, 3 -> "/v1/players/" + id(r) + "/attributes/" + ATTRS[r.nextInt(ATTRS.length)];
            case 4 -> List.of("/healthz", "/readyz", "/metrics", "/v1/status", "/openapi.json", "/", "/v1", "/v1/players",
                    "//v1//status", "/v1/status?x=%00", "/%2e%2e/%2e%2e/etc/passwd", "/v1/players/p1/attributes/../../status").get(r.nextInt(12));
            default -> "/" + randomText(r, r.nextInt(40));
        };
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
        byte[] body = new byte[0];
        if (method.equals("POST") || r.nextInt(8) == 0) {
            String b = r.nextInt(3) == 0 ? BODIES[r.nextInt(BODIES.length)] : validishBatch(r);
            body = b.getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(20) == 0) {
                head.append("Content-Length: ").append(body.length + 5_000_000).append("\r\n"); // declared oversized
            } else if (r.nextInt(20) == 0) {
                body = new byte[(1 << 20) + 10]; // really oversized
                head.append("Content-Length: ").append(body.length).append("\r\n");
            } else {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
        }
        if (r.nextInt(10) == 0) {
            head.append("X-API-Key: ").append(randomText(r, 30)).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String id(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> ODD_IDS[r.nextInt(ODD_IDS.length)];
            case 1 -> r.nextBoolean() ? "p1" : "p2";
            case 2 -> "x".repeat(r.nextInt(300));
            case 3 -> percentEncodedBytes(r, r.nextInt(80));
            default -> randomText(r, 1 + r.nextInt(20));
        };
    }

    private static String validishBatch(Random r) {
        StringBuilder b = new StringBuilder("{\"player_ids\": [");
        int n = r.nextInt(8) == 0 ? 1001 : r.nextInt(20);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(r.nextBoolean() ? "p1" : jsonSafe(randomText(r, r.nextInt(140)))).append('"');
        }
        b.append(']');
        if (r.nextBoolean()) {
            b.append(", \"attributes\": [\"").append(ATTRS[r.nextInt(3)]).append("\"]");
        }
        return b.append('}').toString();
    }

    private static String jsonSafe(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Printable ASCII without spaces (which would end the request target) plus a few unicode letters. */
    private static String randomText(Random r, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = r.nextInt(10) == 0 ? "éü漢😀".codePointAt(r.nextInt(4)) : 0x21 + r.nextInt(0x5E);
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    private static String percentEncodedBytes(Random r, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append(String.format("%%%02X", r.nextInt(256)));
        }
        return b.toString();
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static long heapAfterGcKb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }
}
