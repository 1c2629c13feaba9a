package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real server on a random port over an in-memory store: every route, every error, answers from the live version. */
class AttributeServerTest {
    static final Instant AS_OF = Instant.parse("2024-01-16T23:59:59Z");
    static final Instant NOW = Instant.parse("2024-01-17T01:00:00Z");
    static final PanelRow FULL = new PanelRow("p-full", "DE", 12.5, 3.25, 4L, 120.0);
    static final PanelRow NULLS = new PanelRow("p-nulls", "BR", null, null, null, null);
    static final PanelRow ODD = new PanelRow("ünï/cöde id+1", "JP", 1.0, 2.0, 0L, null);

    InMemoryStore store;
    AttributeServer server;
    TestClient client;

    /** Overridden by the worker-pool variant. */
    ServerConfig config() {
        return ServerConfig.defaults(0).withEventLoops(2);
    }

    @BeforeEach
    void start() {
        store = new InMemoryStore();
        server = AttributeServer.start(store, config(), Clock.fixed(NOW, ZoneOffset.UTC));
        client = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String publishTestRows() {
        return store.publish(AS_OF, List.of(FULL, NULLS, ODD));
    }

    @Test
    void batchGetAnswersARepeatedAttributeOnceAndRefusesARepeatedField() {
        publishTestRows();
        JsonNode once = client.post("/v1/attributes:batchGet",
                "{\"player_ids\": [\"p-full\"], \"attributes\": [\"country\", \"country\"]}").json();
        JsonNode attributes = once.at("/results/0/attributes");
        assertThat(attributes.size()).isEqualTo(1);
        assertThat(attributes.get("country").asText()).isEqualTo("DE");

        TestClient.Answer twice = client.post("/v1/attributes:batchGet",
                "{\"player_ids\": [\"p-full\"], \"player_ids\": [\"p-nulls\"]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.errorCode()).isEqualTo("invalid_request");
        assertThat(twice.json().at("/error/message").asText()).contains("'player_ids' appears twice");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() {
        publishTestRows();
        TestClient.Answer head = client.send("HEAD", "/v1/players/p-full/attributes/country", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(client.send("HEAD", "/healthz", null).status()).isEqualTo(200);
        assertThat(client.send("HEAD", "/v1/attributes:batchGet", null).status()).isEqualTo(405);
    }

    @Test
    void aStoreOutageAnswers503WithAClearErrorAndServiceRecoversByItself() {
        publishTestRows();
        store.setUnavailable(true);

        TestClient.Answer down = client.get("/v1/players/p-full/attributes/country");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.errorCode()).isEqualTo("store_unavailable");
        assertThat(down.json().at("/error/message").asText()).contains("online store is unavailable");
        assertThat(client.get("/readyz").status()).isEqualTo(503);
        assertThat(client.get("/healthz").status()).isEqualTo(200);

        store.setUnavailable(false);
        assertThat(client.get("/v1/players/p-full/attributes/country").status()).isEqualTo(200);
        assertThat(client.get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void attributeAnswerKeepsEachValueType() {
        String version = publishTestRows();

        JsonNode country = client.get("/v1/players/p-full/attributes/country").json();
        assertThat(country.get("player_id").asText()).isEqualTo("p-full");
        assertThat(country.get("attribute").asText()).isEqualTo("country");
        assertThat(country.get("value").isTextual()).isTrue();
        assertThat(country.get("value").asText()).isEqualTo("DE");
        assertThat(country.get("version").asText()).isEqualTo(version);
        assertThat(country.get("as_of").asText()).isEqualTo("2024-01-16T23:59:59Z");

        JsonNode days = client.get("/v1/players/p-full/attributes/active_days_since_last_purchase").json();
        assertThat(days.get("value").isIntegralNumber()).isTrue();
        assertThat(days.get("value").asLong()).isEqualTo(4L);

        JsonNode avg = client.get("/v1/players/p-full/attributes/avg_price_10").json();
        assertThat(avg.get("value").isFloatingPointNumber()).isTrue();
        assertThat(avg.get("value").asDouble()).isEqualTo(12.5);
        assertThat(client.get("/v1/players/p-full/attributes/score_perc_50_last_5_days").json().get("value").asDouble())
                .isEqualTo(120.0);
    }

    @Test
    void nullAttributeIsA200WithJsonNull() {
        publishTestRows();
        TestClient.Answer a = client.get("/v1/players/p-nulls/attributes/score_perc_50_last_5_days");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().has("value")).isTrue();
        assertThat(a.json().get("value").isNull()).isTrue();
    }

    @Test
    void allAttributesOfOnePlayer() {
        String version = publishTestRows();
        JsonNode all = client.get("/v1/players/p-nulls/attributes").json();
        assertThat(all.get("version").asText()).isEqualTo(version);
        JsonNode attrs = all.get("attributes");
        assertThat(attrs.size()).isEqualTo(5);
        assertThat(attrs.get("country").asText()).isEqualTo("BR");
        assertThat(attrs.get("avg_price_10").isNull()).isTrue();
        assertThat(attrs.get("last_weighted_daily_matches_count_10_played_days").isNull()).isTrue();
        assertThat(attrs.get("active_days_since_last_purchase").isNull()).isTrue();
        assertThat(attrs.get("score_perc_50_last_5_days").isNull()).isTrue();
    }

    @Test
    void percentEncodedUnicodeIdsAreDecoded() {
        publishTestRows();
        String encoded = URLEncoder.encode(ODD.playerId(), StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode a = client.get("/v1/players/" + encoded + "/attributes/country").json();
        assertThat(a.get("player_id").asText()).isEqualTo("ünï/cöde id+1");
        assertThat(a.get("value").asText()).isEqualTo("JP");
    }

    @Test
    void unknownAttributeIs400ListingTheValidNames() {
        publishTestRows();
        TestClient.Answer a = client.get("/v1/players/p-full/attributes/favourite_colour");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo("unknown_attribute");
        assertThat(a.json().at("/error/message").asText()).contains("favourite_colour")
                .contains("country, avg_price_10, last_weighted_daily_matches_count_10_played_days, "
                        + "active_days_since_last_purchase, score_perc_50_last_5_days");
    }

    @Test
    void malformedPlayerIdsAre400() throws Exception {
        publishTestRows();
        List<String> bad = List.of(
                "/v1/players//attributes/country",                      // empty
                "/v1/players/" + "x".repeat(129) + "/attributes",        // 129 bytes
                "/v1/players/" + "é".repeat(65) + "/attributes",         // 65 chars but 130 bytes
                "/v1/players/a%01b/attributes",                          // control character
                "/v1/players/a%7Fb/attributes",                          // DEL
                "/v1/players/a%FFb/attributes",                          // not UTF-8
                "/v1/players/a%ED%A0%80b/attributes");                   // UTF-8 bytes of a lone surrogate
        for (String path : bad) {
            TestClient.Answer a = client.get(path.replace("é", "%C3%A9"));
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.errorCode()).as(path).isEqualTo("invalid_player_id");
        }
        // The JDK client refuses to send a broken escape, so this one goes over a raw socket.
        String raw = TestClient.raw(server.port(), "GET /v1/players/a%zzb/attributes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(TestClient.firstStatus(raw)).isEqualTo(400);
        assertThat(raw).contains("invalid_player_id");
        assertThat(client.get("/v1/players/" + "x".repeat(128) + "/attributes").status())
                .as("128 bytes is allowed, and unknown").isEqualTo(404);
    }

    @Test
    void requestsTheHttpDecoderRejectsGetTheJsonErrorBodyAndAClose() throws Exception {
        publishTestRows();
        record Case(String request, int status, String code) {
        }
        List<Case> cases = List.of(
                new Case("GARBAGE\r\n\r\n", 400, "bad_request"),
                new Case("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400, "bad_request"),
                new Case("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400, "bad_request"),
                new Case("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}",
                        400, "bad_request"),
                new Case("GET /v1/players/p-full/attributes HTTP/1.1\nHost: x\n\n", 400, "bad_request"),
                new Case("GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\n\r\n", 400, "bad_request"),
                new Case("GET /" + "l".repeat(ServerConfig.defaults(0).maxInitialLine()) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        414, "request_line_too_long"),
                new Case("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(ServerConfig.defaults(0).maxHeaderBytes())
                        + "\r\n\r\n", 431, "headers_too_large"));
        for (Case c : cases) {
            String label = c.request().substring(0, Math.min(60, c.request().length()));
            String raw = TestClient.raw(server.port(), c.request().getBytes(StandardCharsets.US_ASCII));
            assertThat(TestClient.firstStatus(raw)).as(label).isEqualTo(c.status());
            int bodyStart = raw.indexOf("\r\n\r\n") + 4;
            String head = raw.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).as(label).contains("content-type: application/json\r\n").contains("connection: close\r\n");
            JsonNode error = TestClient.JSON.readTree(raw.substring(bodyStart)).path("error");
            assertThat(error.path("code").asText()).as(label).isEqualTo(c.code());
            assertThat(error.path("message").asText()).as(label).isNotBlank().doesNotContain("\n");
        }
        assertThat(client.get("/v1/players/p-full/attributes/country").json().get("value").asText()).isEqualTo("DE");
    }

    @Test
    void unknownPlayerIs404() {
        publishTestRows();
        TestClient.Answer a = client.get("/v1/players/nobody/attributes/country");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.errorCode()).isEqualTo("player_not_found");
        assertThat(a.json().at("/error/message").asText()).contains("nobody");
        assertThat(client.get("/v1/players/nobody/attributes").status()).isEqualTo(404);
    }

    @Test
    void unknownRouteIs404() {
        publishTestRows();
        for (String path : List.of("/", "/v2/players/p-full/attributes", "/v1/players/p-full", "/v1/players/p-full/attributes/country/extra",
                "/healthz/", "/v1/players/p-full/attributes/")) {
            TestClient.Answer a = client.get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.errorCode()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void wrongMethodIs405WithAllow() {
        publishTestRows();
        TestClient.Answer a = client.send("DELETE", "/v1/players/p-full/attributes/country", null);
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.errorCode()).isEqualTo("method_not_allowed");
        assertThat(a.headers().firstValue("Allow")).contains("GET, HEAD");
        TestClient.Answer get = client.get("/v1/attributes:batchGet");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(client.post("/healthz", "{}").status()).isEqualTo(405);
    }

    @Test
    void oversizedBodyIs413() {
        publishTestRows();
        String big = "{\"player_ids\": [\"" + "a".repeat(ServerConfig.defaults(0).maxBodyBytes()) + "\"]}";
        TestClient.Answer a = client.post("/v1/attributes:batchGet", big);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.errorCode()).isEqualTo("body_too_large");
    }

    @Test
    void noLiveVersionIs503ButHealthzIsUp() {
        assertThat(client.get("/healthz").status()).isEqualTo(200);
        TestClient.Answer ready = client.get("/readyz");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.errorCode()).isEqualTo("not_ready");
        assertThat(client.get("/v1/players/p-full/attributes/country").status()).isEqualTo(503);
        assertThat(client.get("/v1/players/p-full/attributes").status()).isEqualTo(503);
        assertThat(client.post("/v1/attributes:batchGet", "{\"player_ids\":[\"p-full\"]}").status()).isEqualTo(503);
        assertThat(client.get("/v1/status").json().get("ready").asBoolean()).isFalse();

        publishTestRows();
        assertThat(client.get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void batchGetAnswersEachIdInOrderWithPerItemErrors() {
        String version = publishTestRows();
        TestClient.Answer a = client.post("/v1/attributes:batchGet",
                "{\"player_ids\": [\"p-nulls\", \"nobody\", \"p-full\", \"\", \"p-full\"], \"attributes\": [\"active_days_since_last_purchase\", \"country\"]}");
        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.json();
        assertThat(body.get("version").asText()).isEqualTo(version);
        JsonNode results = body.get("results");
        assertThat(results.size()).isEqualTo(5);
        assertThat(results.get(0).get("player_id").asText()).isEqualTo("p-nulls");
        assertThat(results.get(0).get("attributes").get("country").asText()).isEqualTo("BR");
        assertThat(results.get(0).get("attributes").get("active_days_since_last_purchase").isNull()).isTrue();
        assertThat(results.get(0).get("attributes").size()).isEqualTo(2);
        assertThat(results.get(1).get("error").get("code").asText()).isEqualTo("player_not_found");
        assertThat(results.get(1).has("attributes")).isFalse();
        assertThat(results.get(2).get("attributes").get("active_days_since_last_purchase").asLong()).isEqualTo(4);
        assertThat(results.get(3).get("error").get("code").asText()).isEqualTo("invalid_player_id");
        assertThat(results.get(4).get("player_id").asText()).isEqualTo("p-full");
    }

    @Test
    void batchGetRejectsIdsWithLoneSurrogatesAsInvalid() {
        publishTestRows();
        // JSON escapes can spell a lone UTF-16 surrogate, which no UTF-8 path can.
        TestClient.Answer a = client.post("/v1/attributes:batchGet",
                "{\"player_ids\": [\"\\ud800\", \"a\\udc00b\", \"\\ud800x\", \"p-\\ud83d\\ude00\", \"p-full\"]}");
        assertThat(a.status()).isEqualTo(200);
        JsonNode results = a.json().get("results");
        assertThat(results.size()).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            assertThat(results.get(i).at("/error/code").asText()).as("item %d", i).isEqualTo("invalid_player_id");
            assertThat(results.get(i).at("/error/message").asText()).as("item %d", i).contains("unpaired UTF-16 surrogate");
            assertThat(results.get(i).has("attributes")).isFalse();
        }
        assertThat(results.get(0).get("player_id").asText()).isEqualTo("\ud800");
        assertThat(results.get(3).at("/error/code").asText()).as("a proper pair is a valid, unknown id")
                .isEqualTo("player_not_found");
        assertThat(results.get(4).at("/attributes/country").asText()).isEqualTo("DE");
    }

    @Test
    void batchGetWithoutAttributesReturnsAll() {
        publishTestRows();
        JsonNode r = client.post("/v1/attributes:batchGet", "{\"player_ids\": [\"p-full\"]}").json().get("results").get(0);
        assertThat(r.get("attributes").size()).isEqualTo(5);
        assertThat(r.get("attributes").get("last_weighted_daily_matches_count_10_played_days").asDouble()).isEqualTo(3.25);
    }

    @Test
    void batchGetJsonErrorsAreOneCleanLine() {
        publishTestRows();
        record Case(String body, String message) {
        }
        List<Case> cases = List.of(
                new Case("{", "request body is not valid JSON: unexpected end of input at line 1, column 2"),
                new Case("{\"player_ids\": [\"p-full\"]", "request body is not valid JSON: unexpected end of input at line 1, column 26"),
                new Case("{\"player_ids\": [" + "1".repeat(200_000) + "]}",
                        "request body has a number longer than 1000 digits or a string longer than 65536 characters"),
                new Case("{\"player_ids\": [1" + "0".repeat(2000) + "]}",
                        "request body has a number longer than 1000 digits or a string longer than 65536 characters"),
                new Case("{\"player_ids\": [\"" + "y".repeat(70_000) + "\"]}",
                        "request body has a number longer than 1000 digits or a string longer than 65536 characters"),
                new Case("{\n  \"player_ids\" [\"p-full\"]}", "request body is not valid JSON: unexpected character '[': "
                        + "was expecting a colon to separate field name and value at line 2, column 16"),
                new Case("not json", "request body is not valid JSON: unrecognized token 'not': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 1"));
        for (Case c : cases) {
            String label = c.body().substring(0, Math.min(40, c.body().length()));
            TestClient.Answer a = client.post("/v1/attributes:batchGet", c.body());
            assertThat(a.status()).as(label).isEqualTo(400);
            assertThat(a.errorCode()).as(label).isEqualTo("invalid_request");
            assertThat(a.json().at("/error/message").asText()).as(label).isEqualTo(c.message());
        }
    }

    @Test
    void batchGetRejectsBadBodies() {
        publishTestRows();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add("\"p" + i + "\"");
        }
        String tooMany = "{\"player_ids\": [" + String.join(",", ids) + "]}";
        assertThat(client.post("/v1/attributes:batchGet", tooMany).errorCode()).isEqualTo("too_many_items");
        String exactlyMax = "{\"player_ids\": [" + String.join(",", ids.subList(0, 1000)) + "]}";
        assertThat(client.post("/v1/attributes:batchGet", exactlyMax).json().get("results").size()).isEqualTo(1000);

        for (String body : List.of("", "not json", "[]", "{\"player_ids\": \"p-full\"}", "{\"player_ids\": [1]}",
                "{}", "{\"player_ids\": [\"p-full\"], \"extra\": 1}", "{\"player_ids\": [\"p-full\"]} trailing",
                "{\"player_ids\": [\"p-full\"]")) {
            TestClient.Answer a = client.post("/v1/attributes:batchGet", body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.errorCode()).as(body).isEqualTo("invalid_request");
        }
        TestClient.Answer unknownAttr = client.post("/v1/attributes:batchGet", "{\"player_ids\": [\"p-full\"], \"attributes\": [\"nope\"]}");
        assertThat(unknownAttr.status()).isEqualTo(400);
        assertThat(unknownAttr.errorCode()).isEqualTo("unknown_attribute");
    }

    @Test
    void statusShowsLiveAndPreviousVersions() {
        String first = store.publish(Instant.parse("2024-01-15T23:59:59Z"), List.of(FULL));
        String second = publishTestRows();
        JsonNode status = client.get("/v1/status").json();
        assertThat(status.get("ready").asBoolean()).isTrue();
        assertThat(status.at("/live/version").asText()).isEqualTo(second);
        assertThat(status.at("/live/rows").asLong()).isEqualTo(3);
        assertThat(status.at("/live/as_of").asText()).isEqualTo("2024-01-16T23:59:59Z");
        assertThat(status.at("/live/published_at").asText()).isNotEmpty();
        assertThat(status.at("/live/data_age_seconds").asLong()).isEqualTo(3601); // NOW - AS_OF
        assertThat(status.get("previous_versions").size()).isEqualTo(1);
        assertThat(status.get("previous_versions").get(0).get("version").asText()).isEqualTo(first);
        assertThat(status.get("previous_versions").get(0).get("rows").asLong()).isEqualTo(1);
    }

    @Test
    void metricsExposeRequestsAndLiveData() {
        String version = publishTestRows();
        client.get("/v1/players/p-full/attributes/country");
        client.get("/v1/players/p-full/attributes/country");
        client.get("/v1/players/nobody/attributes/country");
        TestClient.Answer m = client.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        String text = m.body();
        String route = java.util.regex.Pattern.quote("route=\"/v1/players/{player_id}/attributes/{attribute_name}\"");
        assertThat(text).containsPattern("http_server_requests_seconds_count\\{" + route + ",status=\"200\"} 2(\\.0)?\\n");
        assertThat(text).containsPattern("http_server_requests_seconds_count\\{" + route + ",status=\"404\"} 1(\\.0)?\\n");
        assertThat(text).containsPattern("http_server_requests_seconds_bucket\\{" + route + ",status=\"200\",le=");
        assertThat(text).containsPattern("panel_version_live\\{version=\"" + version + "\"} 1(\\.0)?\\n");
        assertThat(text).containsPattern("panel_live_version " + Long.parseLong(version.substring(1)) + "(\\.0)?\\n");
        assertThat(text).containsPattern("panel_rows 3(\\.0)?\\n");
        assertThat(text).containsPattern("http_server_open_connections [1-9]");
        assertThat(text).containsPattern("panel_data_age_seconds 3601(\\.0)?\\n");
        assertThat(text).containsPattern("panel_data_as_of_seconds " + AS_OF.getEpochSecond() + "(\\.0)?\\n|panel_data_as_of_seconds 1\\.705449599E9\\n");
    }

    @Test
    void newVersionIsServedWithoutRestart() {
        publishTestRows();
        assertThat(client.get("/v1/players/p-full/attributes/country").json().get("value").asText()).isEqualTo("DE");
        String next = store.publish(AS_OF.plusSeconds(86400), List.of(new PanelRow("p-full", "FR", null, null, 5L, null)));
        JsonNode a = client.get("/v1/players/p-full/attributes/country").json();
        assertThat(a.get("value").asText()).isEqualTo("FR");
        assertThat(a.get("version").asText()).isEqualTo(next);
        assertThat(client.get("/v1/players/p-nulls/attributes").status()).as("gone in the new version").isEqualTo(404);
    }

    @Test
    void everyRequestUnpinsItsVersion() {
        publishTestRows();
        client.get("/v1/players/p-full/attributes/country");
        client.get("/v1/players/nobody/attributes/country");
        client.get("/v1/players/p-full/attributes");
        client.post("/v1/attributes:batchGet", "{\"player_ids\": [\"p-full\", \"nobody\"]}");
        assertThat(store.pinnedReaders()).isZero();
    }

    @Test
    void openApiDocumentIsServed() {
        TestClient.Answer a = client.get("/openapi.json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("openapi").asText()).startsWith("3.");
    }
}
