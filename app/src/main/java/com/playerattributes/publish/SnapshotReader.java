package com.playerattributes.publish;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;
import org.duckdb.DuckDBConnection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.playerattributes.events.EventValidator.firstLine;
import static com.playerattributes.events.EventValidator.quote;

/**
 * Reads the Parquet parts a snapshot's manifest lists, through an in-process DuckDB. Rows never pass through the
 * JVM heap in bulk: each key range is streamed in ascending {@code player_id} order, and DuckDB spills its sort to
 * disk past its memory limit.
 */
final class SnapshotReader implements AutoCloseable {
    private final Path dir;
    private final List<Path> parts;
    private final DuckDBConnection duckdb;
    private final String source;

    SnapshotReader(Path dir, SnapshotManifest manifest, int threads, String memoryLimit, Path spillDir) {
        this.dir = dir;
        this.parts = manifest.parts().stream().map(p -> dir.resolve(p.file())).toList();
        this.source = "read_parquet([" + parts.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "))
                + "])";
        try {
            this.duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = duckdb.createStatement()) {
                st.execute("SET threads = " + threads);
                st.execute("SET memory_limit = " + quote(memoryLimit));
                st.execute("SET temp_directory = " + quote(spillDir.toString()));
                st.execute("SET preserve_insertion_order = false");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("duckdb: " + firstLine(e.getMessage()), e);
        }
    }

    List<Path> parts() {
        return parts;
    }

    /** Column name to DuckDB type of one part, in file order. */
    Map<String, String> schemaOf(Path part) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement st = duckdb.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + quote(part.toString()) + ")")) {
            while (rs.next()) {
                columns.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return columns;
    }

    /** Row count of each part according to its Parquet footer. */
    Map<Path, Long> footerRowCounts() throws SQLException {
        Map<Path, Long> rows = new LinkedHashMap<>();
        for (Path part : parts) {
            try (Statement st = duckdb.createStatement();
                 ResultSet rs = st.executeQuery("SELECT num_rows FROM parquet_file_metadata("
                         + quote(part.toString()) + ")")) {
                rs.next();
                rows.put(part, rs.getLong(1));
            }
        }
        return rows;
    }

    long nullPlayerIds() throws SQLException {
        try (Statement st = duckdb.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source + " WHERE player_id IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Up to {@code chunks - 1} distinct keys cutting the key space into ranges of about equal size, estimated from
     * a sample of the keys. Chunk i covers [boundary(i-1), boundary(i)).
     */
    List<String> chunkBoundaries(int chunks, long rows) throws SQLException {
        if (chunks <= 1 || rows == 0) {
            return List.of();
        }
        long sampleSize = Math.min(rows, 1000L * chunks);
        List<byte[]> sample = new ArrayList<>();
        try (Statement st = duckdb.createStatement();
             ResultSet rs = st.executeQuery("SELECT player_id FROM " + source
                     + " USING SAMPLE reservoir(" + sampleSize + " ROWS) REPEATABLE (7)")) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (id != null) {
                    sample.add(id.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        sample.sort(Arrays::compareUnsigned);
        List<String> boundaries = new ArrayList<>();
        byte[] last = null;
        for (int i = 1; i < chunks; i++) {
            if (sample.isEmpty()) {
                break;
            }
            byte[] cut = sample.get((int) ((long) i * sample.size() / chunks));
            if (last == null || Arrays.compareUnsigned(cut, last) > 0) {
                boundaries.add(new String(cut, StandardCharsets.UTF_8));
                last = cut;
            }
        }
        // A first cut equal to the smallest key would leave chunk 0 empty; harmless, so no special case.
        return boundaries;
    }

    /** Rows with {@code from <= player_id < to} (null = unbounded), in ascending byte order of player_id. */
    void streamRange(String from, String to, RowSink sink) throws Exception {
        List<String> where = new ArrayList<>();
        where.add("player_id IS NOT NULL");
        if (from != null) {
            where.add("player_id >= " + quote(from));
        }
        if (to != null) {
            where.add("player_id < " + quote(to));
        }
        String sql = "SELECT player_id, country, avg_price_10, last_weighted_daily_matches_count_10_played_days,"
                + " active_days_since_last_purchase, score_perc_50_last_5_days FROM " + source
                + " WHERE " + String.join(" AND ", where) + " ORDER BY player_id";
        try (Connection c = duckdb.duplicate(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String country = rs.getString(2);
                double avg = rs.getDouble(3);
                Double avgPrice = rs.wasNull() ? null : avg;
                double weighted = rs.getDouble(4);
                Double weightedMatches = rs.wasNull() ? null : weighted;
                long days = rs.getLong(5);
                Long activeDays = rs.wasNull() ? null : days;
                double median = rs.getDouble(6);
                Double scoreMedian = rs.wasNull() ? null : median;
                if (!sink.accept(new PanelRow(rs.getString(1), country, avgPrice, weightedMatches, activeDays,
                        scoreMedian))) {
                    return;
                }
            }
        }
    }

    interface RowSink {
        /** @return false to stop early */
        boolean accept(PanelRow row) throws Exception;
    }

    String describe() {
        return dir.toString();
    }

    @Override
    public void close() {
        try {
            duckdb.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
