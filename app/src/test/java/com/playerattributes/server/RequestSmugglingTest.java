package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling (RFC 9112 §6.1, §6.3): a request whose body framing is ambiguous (Transfer-Encoding together
 * with Content-Length) or not understood (a Transfer-Encoding other than exactly {@code chunked}) gets one 400 and
 * a closed connection; nothing sent after it on that connection is ever answered.
 */
class RequestSmugglingTest {
    static final String SMUGGLED = "GET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    static final String BATCH = "{\"player_ids\": [\"p1\"], \"attributes\": [\"country\"]}";

    static InMemoryStore store;
    static AttributeServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryStore();
        store.publish(Instant.parse("2024-01-16T00:00:00Z"), List.of(new PanelRow("p1", "DE", 1.5, 2.0, 3L, null)));
        server = AttributeServer.start(store, ServerConfig.defaults(0).withEventLoops(1), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestClient.RawExchange send(String request) throws Exception {
        return TestClient.rawUntilClosed(server.port(), request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5));
    }

    /** Exactly one answer, a 400 bad_request with Connection: close naming the header, then the server's close. */
    private static void assertRejectedAndClosed(String label, TestClient.RawExchange answer) throws Exception {
        String raw = answer.text();
        assertThat(answer.responses()).as(label + ": responses in\n" + raw).isEqualTo(1);
        assertThat(TestClient.firstStatus(raw)).as(label).isEqualTo(400);
        int bodyStart = raw.indexOf("\r\n\r\n") + 4;
        assertThat(raw.substring(0, bodyStart).toLowerCase(Locale.ROOT)).as(label)
                .contains("content-type: application/json\r\n").contains("connection: close\r\n");
        JsonNode error = TestClient.JSON.readTree(raw.substring(bodyStart)).path("error");
        assertThat(error.path("code").asText()).as(label).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).as(label).contains("Transfer-Encoding").doesNotContain("\n");
        assertThat(raw).as(label).doesNotContain("not_found").doesNotContain("smuggled");
        assertThat(answer.closedByServer()).as(label + ": connection closed by the server").isTrue();
    }

    @Test
    void contentLengthWithTransferEncodingIsRejectedAndTheSmuggledRequestNeverAnswered() throws Exception {
        String body = "0\r\n\r\n" + SMUGGLED;
        TestClient.RawExchange answer = send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        assertRejectedAndClosed("CL + TE", answer);
        JsonNode error = TestClient.JSON.readTree(answer.text().substring(answer.text().indexOf("\r\n\r\n") + 4));
        assertThat(error.at("/error/message").asText())
                .isEqualTo("a request must not carry both Transfer-Encoding and Content-Length");

        // Either order of the two headers, and HTTP/1.0 (where Netty keeps both).
        assertRejectedAndClosed("TE + CL", send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body));
        assertRejectedAndClosed("HTTP/1.0 CL + TE", send("POST /v1/attributes:batchGet HTTP/1.0\r\nHost: x\r\nContent-Length: "
                + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
    }

    @Test
    void aTransferEncodingOtherThanChunkedIsRejectedBeforeTheBodyIsRead() throws Exception {
        String chunkedBody = Integer.toHexString(BATCH.length()) + "\r\n" + BATCH + "\r\n0\r\n\r\n";
        for (String te : List.of("gzip", "identity", "chunked, gzip", "gzip, chunked", "chunked;x=1", "")) {
            String label = "Transfer-Encoding: " + te;
            assertRejectedAndClosed(label, send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                    + te + "\r\n\r\n" + chunkedBody + SMUGGLED));
        }
        assertRejectedAndClosed("two Transfer-Encoding headers", send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody + SMUGGLED));
        assertRejectedAndClosed("GET with gzip", send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + SMUGGLED));
        TestClient.RawExchange gzip = send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + SMUGGLED);
        JsonNode error = TestClient.JSON.readTree(gzip.text().substring(gzip.text().indexOf("\r\n\r\n") + 4));
        assertThat(error.at("/error/message").asText())
                .isEqualTo("Transfer-Encoding 'gzip' is not supported; only 'chunked' is");
    }

    @Test
    void chunkedAloneInAnyCaseIsStillServedAndKeepsThePipeline() throws Exception {
        String chunkedBody = Integer.toHexString(BATCH.length()) + "\r\n" + BATCH + "\r\n0\r\n\r\n";
        TestClient.RawExchange answer = send("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + chunkedBody + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.responses()).as(answer.text()).isEqualTo(2);
        assertThat(TestClient.firstStatus(answer.text())).isEqualTo(200);
        assertThat(answer.text()).contains("\"country\":\"DE\"").contains("{\"status\":\"ok\"}");
        assertThat(answer.closedByServer()).isTrue();
    }
}
