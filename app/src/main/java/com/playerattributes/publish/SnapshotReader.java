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
     * Up to {@code chunks - 1} ascending keys cutting the key space into ranges of about equal row counts. They
     * come from the row-group statistics in the Parquet footers (no data is read): the minimum player_id of the
     * row group where each cut falls. Any keys are correct boundaries; statistics only make them balanced, which
     * they are for the sorted snapshots compute writes. Snapshots with fewer row groups than chunks are small,
     * and their keys are sampled instead. Chunk i covers [boundary(i-1), boundary(i)).
     */
    List<String> chunkBoundaries(int chunks) throws SQLException {
        if (chunks <= 1) {
            return List.of();
        }
        record RowGroup(byte[] min, long rows) {
        }
        List<RowGroup> groups = new ArrayList<>();
        long total = 0;
        try (Statement st = duckdb.createStatement();
             ResultSet rs = st.executeQuery("SELECT stats_min_value, row_group_num_rows FROM parquet_metadata("
                     + source.substring("read_parquet(".length(), source.length() - 1)
                     + ") WHERE path_in_schema = 'player_id'")) {
            while (rs.next()) {
                String min = rs.getString(1);
                long rows = rs.getLong(2);
                total += rows;
                if (min != null) {
                    groups.add(new RowGroup(min.getBytes(StandardCharsets.UTF_8), rows));
                }
            }
        }
        if (groups.size() < chunks) {
            return sampledBoundaries(chunks);
        }
        groups.sort((a, b) -> Arrays.compareUnsigned(a.min, b.min));
        List<String> boundaries = new ArrayList<>();
        long seen = 0;
        int next = 1;
        byte[] last = null;
        for (RowGroup g : groups) {
            // Cut at this group's start if the rows before it have reached the next boundary's share.
            if (next < chunks && seen >= next * total / chunks && seen > 0
                    && (last == null || Arrays.compareUnsigned(g.min, last) > 0)) {
                boundaries.add(new String(g.min, StandardCharsets.UTF_8));
                last = g.min;
                while (next < chunks && seen >= next * total / chunks) {
                    next++;
                }
            }
            seen += g.rows;
        }
        return boundaries;
    }

    private List<String> sampledBoundaries(int chunks) throws SQLException {
        List<byte[]> sample = new ArrayList<>();
        try (Statement st = duckdb.createStatement();
             ResultSet rs = st.executeQuery("SELECT player_id FROM " + source + " WHERE player_id IS NOT NULL"
                     + " USING SAMPLE reservoir(" + (1000 * chunks) + " ROWS) REPEATABLE (7)")) {
            while (rs.next()) {
                sample.add(rs.getString(1).getBytes(StandardCharsets.UTF_8));
            }
        }
        sample.sort(Arrays::compareUnsigned);
        List<String> boundaries = new ArrayList<>();
        byte[] last = null;
        for (int i = 1; i < chunks && !sample.isEmpty(); i++) {
            byte[] cut = sample.get(i * sample.size() / chunks);
            if (last == null || Arrays.compareUnsigned(cut, last) > 0) {
                boundaries.add(new String(cut, StandardCharsets.UTF_8));
                last = cut;
            }
        }
        return boundaries;
    }

    /**
     * Rows with {@code from <= player_id < to} (null = unbounded). With {@code sorted}, in ascending byte order of
     * player_id; without, in file order, which for snapshots written by compute is the same order and spares a
     * sort (the caller checks the order and asks again sorted if it is not).
     */
    void streamRange(String from, String to, boolean sorted, RowSink sink) throws Exception {
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
                + " WHERE " + String.join(" AND ", where) + (sorted ? " ORDER BY player_id" : "");
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
