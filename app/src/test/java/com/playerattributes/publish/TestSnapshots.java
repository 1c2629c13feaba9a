package com.playerattributes.publish;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.PanelValueCodec;

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

/** Snapshots for tests, and an independent way to read one back (DuckDB straight from the Parquet parts). */
public final class TestSnapshots {
    private TestSnapshots() {
    }

    public static Path projectRoot() {
        String root = System.getProperty("project.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("samples")) ? p : p.getParent();
    }

    /** Computes the bundled sample (1,000 real players) as of its latest event into {@code out}. */
    public static Path sample(Path out) {
        Path events = projectRoot().resolve("samples/raw-events-sample.parquet");
        new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC())
                .run(new ComputeRequest(List.of(events), AsOf.parse("latest", Instant.now()), 1, "512MB"), out);
        return out;
    }

    /** Every row of a snapshot, read by DuckDB from its Parquet parts, keyed by player id, in file order. */
    public static Map<String, PanelRow> readParquet(Path snapshot) throws Exception {
        Map<String, PanelRow> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + snapshot.resolve("part-*.parquet")
                     + "')")) {
            while (rs.next()) {
                PanelRow row = new PanelRow(rs.getString("player_id"), rs.getString("country"),
                        (Double) rs.getObject("avg_price_10"),
                        (Double) rs.getObject("last_weighted_daily_matches_count_10_played_days"),
                        (Long) rs.getObject("active_days_since_last_purchase"),
                        (Double) rs.getObject("score_perc_50_last_5_days"));
                rows.put(row.playerId(), row);
            }
        }
        return rows;
    }

    /** Reads one player through a pinned version; null if absent. */
    public static PanelRow read(LiveVersion version, String playerId) {
        byte[] value = version.get(PanelValueCodec.key(playerId));
        return value == null ? null : PanelValueCodec.decode(playerId, value);
    }
}
