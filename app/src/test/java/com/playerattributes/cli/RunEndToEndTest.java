package com.playerattributes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.events.EventValidator;
import com.playerattributes.server.AttributeServer;
import com.playerattributes.server.ServerConfig;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code run} on the bundled real sample, then reads through the real HTTP server; a run on corrupt input fails
 * while the live version keeps serving; old snapshots follow the store's retention.
 */
class RunEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void runPublishesTheSampleAndTheApiServesItsValuesAndACorruptInputLeavesLiveServing() throws Exception {
        Path events = Files.createDirectories(tmp.resolve("events"));
        Path input = events.resolve("events.parquet");
        Files.copy(CliHarness.SAMPLE, input);
        Path store = tmp.resolve("store");
        Path snapshots = tmp.resolve("snaps");
        String[] run = {"run", "--events", events.toString(), "--as-of", "latest", "--store", store.toString(),
                "--snapshots", snapshots.toString(), "--keep", "1"};

        Path firstSnapshot;
        CliHarness.Result first = CliHarness.execute(run);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("run: 1 input files").contains("1,000 players as of 2024-01-16T23:59:50Z")
                .contains("version v000001 is live");

        try (RocksDbStore online = RocksDbStore.open(store);
             AttributeServer server = AttributeServer.start(online, ServerConfig.defaults(0), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.port();
            StoreVersion live = online.liveVersion().orElseThrow();
            assertThat(live.rows()).isEqualTo(1000);
            firstSnapshot = Path.of(live.source());
            Map<String, Map<String, Object>> expected = readSnapshot(Path.of(live.source()), 3);
            assertApiServes(base, expected, "v000001");

            // The input becomes corrupt: the run fails with one line, nothing new is left behind, live still serves.
            Files.write(input, "PAR1 this is not a parquet file".getBytes());
            CliHarness.Result failed = CliHarness.execute(run);
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.err().strip()).startsWith("error: ").doesNotContain("\n").contains("events.parquet");
            assertThat(dirs(snapshots)).hasSize(1);
            assertApiServes(base, expected, "v000001");
            JsonNode status = CliHarness.get(base + "/v1/status").json();
            assertThat(status.path("live").path("version").asText()).isEqualTo("v000001");

        }

        // Two more good runs with --keep 1 (no reader pins old versions now): v000003 live, v000002 kept, and only
        // their snapshots remain.
        Files.copy(CliHarness.SAMPLE, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(CliHarness.execute(run).exit()).isZero();
        assertThat(CliHarness.execute(run).exit()).isZero();
        try (RocksDbStore online = RocksDbStore.open(store)) {
            List<StoreVersion> versions = online.versions();
            assertThat(versions).extracting(StoreVersion::id).containsExactly("v000003", "v000002");
            Set<Path> sources = versions.stream().map(v -> Path.of(v.source())).collect(Collectors.toSet());
            assertThat(dirs(snapshots)).containsExactlyInAnyOrderElementsOf(sources);
            assertThat(dirs(snapshots)).doesNotContain(firstSnapshot);
        }
    }

    private static void assertApiServes(String base, Map<String, Map<String, Object>> expected, String version)
            throws Exception {
        for (Map.Entry<String, Map<String, Object>> player : expected.entrySet()) {
            CliHarness.Answer a = CliHarness.get(base + "/v1/players/" + player.getKey() + "/attributes");
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            JsonNode json = a.json();
            assertThat(json.path("version").asText()).isEqualTo(version);
            JsonNode attrs = json.path("attributes");
            for (Map.Entry<String, Object> col : player.getValue().entrySet()) {
                JsonNode got = attrs.path(col.getKey());
                Object want = col.getValue();
                if (want == null) {
                    assertThat(got.isNull()).as(col.getKey()).isTrue();
                } else if (want instanceof Double d) {
                    assertThat(got.asDouble()).as(col.getKey()).isCloseTo(d, within(1e-9));
                } else if (want instanceof Number n) {
                    assertThat(got.asLong()).as(col.getKey()).isEqualTo(n.longValue());
                } else {
                    assertThat(got.asText()).as(col.getKey()).isEqualTo(want.toString());
                }
            }
        }
    }

    /** The first {@code n} players of a snapshot, read straight from its Parquet files. */
    private static Map<String, Map<String, Object>> readSnapshot(Path dir, int n) throws Exception {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + EventValidator.quote(dir.resolve("part-*.parquet").toString())
                     + ") WHERE score_perc_50_last_5_days IS NOT NULL ORDER BY player_id LIMIT " + n)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 2; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                rows.put(rs.getString("player_id"), row);
            }
        }
        assertThat(rows).hasSize(n);
        return rows;
    }

    private static List<Path> dirs(Path parent) throws Exception {
        try (Stream<Path> s = Files.list(parent)) {
            return new ArrayList<>(s.map(p -> p.toAbsolutePath().normalize()).toList());
        }
    }
}
