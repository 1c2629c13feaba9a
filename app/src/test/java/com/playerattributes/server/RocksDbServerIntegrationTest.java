package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.snapshot.Attribute;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server on a random port over a RocksDB store holding the bundled sample (1,000 real players): every
 * answer is checked against the snapshot's Parquet parts read independently by DuckDB.
 */
class RocksDbServerIntegrationTest {
    @TempDir
    static Path dir;
    static Map<String, PanelRow> expected;
    static RocksDbStore store;
    static AttributeServer server;
    static TestClient client;
    static String version;

    @BeforeAll
    static void publishSampleAndServe() throws Exception {
        Path snapshot = TestSnapshots.sample(dir.resolve("snapshot"));
        expected = TestSnapshots.readParquet(snapshot);
        store = RocksDbStore.open(dir.resolve("store"));
        version = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot).version().id();
        server = AttributeServer.start(store, ServerConfig.defaults(0), Clock.systemUTC());
        client = new TestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void batchGetOfAllThousandPlayersMatchesTheSnapshot() {
        List<String> ids = new ArrayList<>(expected.keySet());
        assertThat(ids).hasSize(1000);
        StringBuilder body = new StringBuilder("{\"player_ids\": [");
        for (int i = 0; i < ids.size(); i++) {
            body.append(i == 0 ? "" : ",").append(TestClient.JSON.valueToTree(ids.get(i)).toString());
        }
        JsonNode answer = client.post("/v1/attributes:batchGet", body.append("]}").toString()).json();
        assertThat(answer.get("version").asText()).isEqualTo(version);
        JsonNode results = answer.get("results");
        assertThat(results.size()).isEqualTo(1000);
        for (int i = 0; i < ids.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.get("player_id").asText()).isEqualTo(ids.get(i));
            assertMatches(expected.get(ids.get(i)), r.get("attributes"));
        }
    }

    @Test
    void singleAttributeAndAllAttributesMatchTheSnapshot() {
        int checked = 0;
        for (PanelRow row : expected.values()) {
            if (checked++ % 20 != 0) {
                continue; // every 20th player, every attribute: 250 calls
            }
            String path = "/v1/players/" + URLEncoder.encode(row.playerId(), StandardCharsets.UTF_8).replace("+", "%20") + "/attributes";
            assertMatches(row, client.get(path).json().get("attributes"));
            for (Attribute a : Attribute.all()) {
                JsonNode one = client.get(path + "/" + a.columnName()).json();
                assertThat(one.get("version").asText()).isEqualTo(version);
                assertValue(row.value(a), one.get("value"), row.playerId() + " " + a);
            }
        }
    }

    @Test
    void everyErrorOverTheRealStore() {
        String known = expected.keySet().iterator().next();
        assertThat(client.get("/v1/players/" + known + "/attributes/nope").errorCode()).isEqualTo("unknown_attribute");
        assertThat(client.get("/v1/players/%00/attributes").errorCode()).isEqualTo("invalid_player_id");
        assertThat(client.get("/v1/players/" + "z".repeat(200) + "/attributes").errorCode()).isEqualTo("invalid_player_id");
        assertThat(client.get("/v1/players/no-such-player/attributes/country").status()).isEqualTo(404);
        assertThat(client.get("/v1/players/no-such-player/attributes/country").errorCode()).isEqualTo("player_not_found");
        assertThat(client.get("/v1/nothing").errorCode()).isEqualTo("not_found");
        assertThat(client.send("PUT", "/v1/players/" + known + "/attributes", "{}").status()).isEqualTo(405);
        assertThat(client.post("/v1/attributes:batchGet", "{\"player_ids\": [\"" + "x".repeat(2 << 20) + "\"]}").status()).isEqualTo(413);
        assertThat(client.get("/readyz").status()).isEqualTo(200);
        assertThat(client.get("/healthz").status()).isEqualTo(200);
        JsonNode status = client.get("/v1/status").json();
        assertThat(status.at("/live/version").asText()).isEqualTo(version);
        assertThat(status.at("/live/rows").asLong()).isEqualTo(1000);
        assertThat(client.get("/metrics").body()).contains("panel_rows 1000.0");
    }

    @Test
    void emptyStoreAnswers503UntilAVersionIsPublished(@TempDir Path empty) throws Exception {
        try (RocksDbStore emptyStore = RocksDbStore.open(empty.resolve("store"));
             AttributeServer s = AttributeServer.start(emptyStore, ServerConfig.defaults(0).withEventLoops(1), Clock.systemUTC())) {
            TestClient c = new TestClient(s.port());
            assertThat(c.get("/readyz").status()).isEqualTo(503);
            assertThat(c.get("/v1/players/x/attributes/country").errorCode()).isEqualTo("not_ready");
            assertThat(c.get("/healthz").status()).isEqualTo(200);

            new Publisher(emptyStore, PublishOptions.defaults(), PublishListener.NONE).publish(dir.resolve("snapshot"));
            assertThat(c.get("/readyz").status()).isEqualTo(200);
            String known = expected.keySet().iterator().next();
            assertThat(c.get("/v1/players/" + known + "/attributes").status()).isEqualTo(200);
        }
    }

    static void assertMatches(PanelRow row, JsonNode attributes) {
        assertThat(attributes.size()).isEqualTo(5);
        for (Attribute a : Attribute.all()) {
            assertValue(row.value(a), attributes.get(a.columnName()), row.playerId() + " " + a);
        }
    }

    static void assertValue(Object expectedValue, JsonNode actual, String what) {
        if (expectedValue == null) {
            assertThat(actual.isNull()).as(what).isTrue();
        } else if (expectedValue instanceof String s) {
            assertThat(actual.isTextual()).as(what).isTrue();
            assertThat(actual.asText()).as(what).isEqualTo(s);
        } else if (expectedValue instanceof Long l) {
            assertThat(actual.isIntegralNumber()).as(what + " is a JSON integer").isTrue();
            assertThat(actual.asLong()).as(what).isEqualTo(l);
        } else {
            assertThat(actual.isNumber()).as(what).isTrue();
            assertThat(actual.asDouble()).as(what).isEqualTo((Double) expectedValue);
        }
    }
}
