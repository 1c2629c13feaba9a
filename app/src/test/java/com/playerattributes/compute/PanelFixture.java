package com.playerattributes.compute;

import com.playerattributes.events.EventParquetFixture;
import com.playerattributes.events.TestEvent;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.playerattributes.events.EventValidator.quote;

/** Runs the real compute path (ComputeJob + DuckDB) over fixture events and reads the snapshot back. */
final class PanelFixture {

    private PanelFixture() {
    }

    static Map<String, PanelRow> compute(Path tmp, List<TestEvent> events, String asOf) throws Exception {
        Path input = EventParquetFixture.write(Files.createTempFile(tmp, "events", ".parquet"), events);
        Path out = tmp.resolve("snapshot-" + System.nanoTime());
        run(List.of(input), asOf, out);
        return read(out);
    }

    static SnapshotManifest run(List<Path> inputs, String asOf, Path out) {
        ComputeRequest request = new ComputeRequest(inputs, AsOf.parse(asOf, Instant.now()), 2, "1GB");
        return new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC()).run(request, out);
    }

    /** Reads every part of a snapshot, keyed by player id, in file order. */
    static Map<String, PanelRow> read(Path snapshot) throws Exception {
        Map<String, PanelRow> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet("
                     + quote(snapshot.resolve("part-*.parquet").toString()) + ")")) {
            while (rs.next()) {
                String id = rs.getString("player_id");
                rows.put(id, new PanelRow(id, rs.getString("country"),
                        (Double) rs.getObject("avg_price_10"),
                        (Double) rs.getObject("last_weighted_daily_matches_count_10_played_days"),
                        (Long) rs.getObject("active_days_since_last_purchase"),
                        (Double) rs.getObject("score_perc_50_last_5_days")));
            }
        }
        return rows;
    }
}
