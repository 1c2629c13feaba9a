package com.playerattributes.server;

import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys, TLS and binding, on a real server. */
class ServerSecurityTest {
    static final PanelRow ROW = new PanelRow("p1", "DE", 1.0, 2.0, 3L, 4.0);

    @Test
    void apiKeysGuardEveryRouteButTheProbes() {
        InMemoryStore store = new InMemoryStore();
        store.publish(Instant.parse("2024-01-16T00:00:00Z"), List.of(ROW));
        ServerConfig config = ServerConfig.defaults(0).withEventLoops(1)
                .withApiKeys(ApiKeys.of(List.of(ApiKeysTest.KEY_A, ApiKeysTest.KEY_B), "test"));
        try (AttributeServer server = AttributeServer.start(store, config, Clock.systemUTC())) {
            TestClient anonymous = new TestClient(server.port());
            for (String path : List.of("/v1/players/p1/attributes/country", "/v1/players/p1/attributes", "/v1/status", "/metrics", "/openapi.json")) {
                TestClient.Answer a = anonymous.get(path);
                assertThat(a.status()).as(path).isEqualTo(401);
                assertThat(a.errorCode()).as(path).isEqualTo("unauthorized");
                assertThat(anonymous.withApiKey("wrong-key-0123456789").get(path).status()).as(path).isEqualTo(401);
            }
            assertThat(anonymous.post("/v1/attributes:batchGet", "{\"player_ids\":[\"p1\"]}").status()).isEqualTo(401);
            assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
            assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
            // Without a key, unknown routes and wrong methods are not revealed either.
            assertThat(anonymous.get("/no/such/route").status()).isEqualTo(401);
            assertThat(anonymous.send("PUT", "/v1/status", "{}").status()).isEqualTo(401);
            assertThat(anonymous.withApiKey(ApiKeysTest.KEY_A).get("/no/such/route").status()).isEqualTo(404);

            // Either key works, so a new key can be rolled out before the old one is removed.
            assertThat(anonymous.withApiKey(ApiKeysTest.KEY_A).get("/v1/players/p1/attributes/country").json().get("value").asText())
                    .isEqualTo("DE");
            assertThat(anonymous.withApiKey(ApiKeysTest.KEY_B).post("/v1/attributes:batchGet", "{\"player_ids\":[\"p1\"]}").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void tlsServesHttpsWithPemKeyAndCertificate() throws Exception {
        InMemoryStore store = new InMemoryStore();
        store.publish(Instant.parse("2024-01-16T00:00:00Z"), List.of(ROW));
        Path key = Path.of(getClass().getResource("/server/test-tls-key.pem").toURI());
        Path cert = Path.of(getClass().getResource("/server/test-tls-cert.pem").toURI());
        ServerConfig config = ServerConfig.defaults(0).withEventLoops(1).withTls(new ServerConfig.Tls(key, cert));
        try (AttributeServer server = AttributeServer.start(store, config, Clock.systemUTC())) {
            assertThat(server.scheme()).isEqualTo("https");
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            TestClient client = new TestClient(https, "https://127.0.0.1:" + server.port(), null);
            assertThat(client.get("/v1/players/p1/attributes/active_days_since_last_purchase").json().get("value").asLong()).isEqualTo(3);

            // Plain HTTP to the TLS port gets no HTTP answer.
            String raw = TestClient.raw(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(raw).doesNotStartWith("HTTP/1.1 200");
        }
    }

    @Test
    void tlsWithAMissingKeyFailsAtStartNamingTheFile() {
        Path missing = Path.of("no-such-key.pem");
        ServerConfig config = ServerConfig.defaults(0).withEventLoops(1).withTls(new ServerConfig.Tls(missing, missing));
        assertThatThrownBy(() -> AttributeServer.start(new InMemoryStore(), config, Clock.systemUTC()))
                .hasMessageContaining("no-such-key.pem");
    }

    @Test
    void bindsLoopbackByDefault() {
        assertThat(ServerConfig.defaults(8080).host()).isEqualTo("127.0.0.1");
    }

    private static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(certPem)) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
