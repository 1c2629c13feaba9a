package com.playerattributes.server;

import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Slow, vanishing, pipelining and flooding clients: the server cuts them off or serves them, and stays healthy. */
class MisbehavingClientsTest {
    static final Duration HEADER_TIMEOUT = Duration.ofMillis(1000);
    static final Duration BODY_TIMEOUT = Duration.ofMillis(1000);
    static final int MAX_CONNECTIONS = 8;

    InMemoryStore store;
    AttributeServer server;
    TestClient client;

    @BeforeEach
    void start() {
        store = new InMemoryStore();
        store.publish(Instant.parse("2024-01-16T00:00:00Z"), List.of(
                new PanelRow("p1", "DE", 1.0, 2.0, 3L, 4.0),
                new PanelRow("p2", "FR", null, null, 7L, null)));
        ServerConfig config = ServerConfig.defaults(0).withEventLoops(2).withMaxConnections(MAX_CONNECTIONS)
                .withTimeouts(HEADER_TIMEOUT, BODY_TIMEOUT, Duration.ofSeconds(30));
        server = AttributeServer.start(store, config, Clock.systemUTC());
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    /** Sends bytes slowly and returns the time until the server closed the connection. */
    private long millisUntilClosedWhileTrickling(Socket s, String request, long pauseMillis) throws Exception {
        long start = System.nanoTime();
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        s.setSoTimeout((int) pauseMillis);
        for (int i = 0; i < request.length(); i++) {
            try {
                out.write(request.charAt(i));
                out.flush();
            } catch (IOException closed) {
                break;
            }
            try {
                if (in.read() < 0) {
                    break;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException reset) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void slowlorisHeadersAreCutOffAtTheHeaderTimeout() throws Exception {
        String head = "GET /v1/players/p1/attributes HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n";
        try (Socket slow = connect()) {
            long closedAfter = millisUntilClosedWhileTrickling(slow, head, 100);
            assertThat(closedAfter).as("closed after header timeout + sweep interval")
                    .isBetween(HEADER_TIMEOUT.toMillis() - 100, HEADER_TIMEOUT.toMillis() + 1500);
        }
        assertThat(client.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void slowBodyIsCutOffAtTheBodyTimeout() throws Exception {
        String request = "POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n{\"player_ids\": [\"p1\"" + " ".repeat(170) + "]}";
        try (Socket slow = connect()) {
            OutputStream out = slow.getOutputStream();
            int headEnd = request.indexOf("\r\n\r\n") + 4;
            out.write(request.substring(0, headEnd).getBytes(StandardCharsets.US_ASCII));
            long closedAfter = millisUntilClosedWhileTrickling(slow, request.substring(headEnd), 100);
            assertThat(closedAfter).isBetween(BODY_TIMEOUT.toMillis() - 100, BODY_TIMEOUT.toMillis() + 1500);
        }
        assertThat(client.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void silentConnectionsAreClosed() throws Exception {
        try (Socket silent = connect()) {
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(HEADER_TIMEOUT.toMillis() + 1500);
        }
    }

    @Test
    void clientsThatDisconnectMidRequestLeaveTheServerHealthy() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Socket s = connect()) {
                String partial = switch (i % 4) {
                    case 0 -> "GET /v1/players/p1/attri";
                    case 1 -> "GET /v1/players/p1/attributes HTTP/1.1\r\nHost: x\r\n";
                    case 2 -> "POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"player_ids\": [";
                    default -> "GET /v1/players/p1/attributes HTTP/1.1\r\nHost: x\r\n\r\n"; // complete, but never read
                };
                s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                if (i % 8 == 7) {
                    s.setSoLinger(true, 0); // RST instead of FIN
                }
            }
        }
        // The 200 closes reach the event loops asynchronously; until they do, a new connection may still be over
        // the limit of 8 and be refused, so allow a few seconds for the count to drain.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        TestClient.Answer answer;
        while ((answer = client.get("/v1/players/p2/attributes/active_days_since_last_purchase")).status() != 200
                && System.nanoTime() < deadline) {
            assertThat(answer.errorCode()).isEqualTo("too_many_connections");
            Thread.sleep(20);
        }
        assertThat(answer.json().get("value").asLong()).isEqualTo(7);
        while (store.pinnedReaders() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.pinnedReaders()).isZero();
        assertThat(openConnectionsGauge()).as("only the test client's connection stays open").isLessThanOrEqualTo(2);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String pipeline = "GET /v1/players/p1/attributes/country HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /v1/players/p2/attributes/country HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /v1/players/nobody/attributes/country HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nContent-Length: 27\r\n\r\n{\"player_ids\": [\"p2\",\"p1\"]}"
                + "GET /v1/players/p1/attributes/active_days_since_last_purchase HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String raw = TestClient.raw(server.port(), pipeline.getBytes(StandardCharsets.US_ASCII));
        List<String> statuses = new ArrayList<>();
        Matcher m = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(raw);
        while (m.find()) {
            statuses.add(m.group(1));
        }
        assertThat(statuses).containsExactly("200", "200", "404", "200", "200");
        int de = raw.indexOf("\"value\":\"DE\"");
        int fr = raw.indexOf("\"value\":\"FR\"");
        int batch = raw.indexOf("\"results\":[{\"player_id\":\"p2\"");
        int days = raw.indexOf("\"value\":3");
        assertThat(de).isPositive();
        assertThat(fr).isGreaterThan(de);
        assertThat(batch).isGreaterThan(fr);
        assertThat(days).isGreaterThan(batch);
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWith503AndTheServerRecovers() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // Fill every slot with a keep-alive connection that has been served once (so it is surely registered).
            // The JDK client of the test holds no connection yet.
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket s = connect();
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[512];
                assertThat(new String(buf, 0, s.getInputStream().read(buf), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
                held.add(s);
            }
            for (int i = 0; i < 20; i++) {
                String raw = TestClient.raw(server.port(),
                        "GET /v1/players/p1/attributes HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(TestClient.firstStatus(raw)).isEqualTo(503);
                assertThat(raw).contains("too_many_connections").containsIgnoringCase("connection: close");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && (status = TestClient.firstStatus(TestClient.raw(server.port(),
                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) != 200) {
            Thread.sleep(20);
        }
        assertThat(status).as("served again once connections are released").isEqualTo(200);
    }

    private double openConnectionsGauge() throws InterruptedException {
        // Closing is asynchronous; give the event loops a moment to process the FIN/RST of the last sockets.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double open;
        do {
            Matcher m = Pattern.compile("(?m)^http_server_open_connections (\\S+)").matcher(client.get("/metrics").body());
            assertThat(m.find()).isTrue();
            open = Double.parseDouble(m.group(1));
            if (open <= 2) {
                return open;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return open;
    }
}
