package com.playerattributes.compute;

import com.playerattributes.events.EventValidator;
import com.playerattributes.events.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.playerattributes.events.EventValidator.quote;

/**
 * The default engine: an in-process DuckDB. Events stay in DuckDB's native memory (spilling to disk past the
 * memory limit) and never enter the JVM heap; the panel is written by DuckDB's own Parquet writer.
 */
public final class DuckDbComputeEngine implements ComputeEngine {

    private static final Logger log = LoggerFactory.getLogger(DuckDbComputeEngine.class);

    @Override
    public String name() {
        return "duckdb";
    }

    // The library cannot change within a process; asking costs opening a database (~10 ms) every run.
    private static volatile String version;

    @Override
    public String version() {
        String known = version;
        if (known == null) {
            known = queryVersion();
            if (!"unknown".equals(known)) {
                version = known;
            }
        }
        return known;
    }

    private static String queryVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    @Override
    public ComputeResult compute(ComputeRequest request, Path outputDir) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + request.threads());
            st.execute("SET memory_limit = " + quote(request.memoryLimit()));
            st.execute("SET temp_directory = " + quote(outputDir.resolve(".spill").toString()));

            EventValidator.validate(c, request.eventFiles());
            st.execute(createEventsView(request.eventFiles()));

            InputStats stats = inputStats(st, request);
            long nullPlayers = stats.nullPlayerIds();
            Instant latest = stats.latestEvent();
            if (nullPlayers > 0) {
                log.warn("excluded {} event rows with a null player_id", nullPlayers);
            }
            Instant asOf = request.asOf().resolve(latest);
            log.info("computing user_panel as of {} ({}) from {} files", asOf, request.asOf().label(),
                    request.eventFiles().size());

            String query = AttributeQuery.render(SqlDialect.DUCKDB, asOf);
            // Sorted output lets publish cut key ranges that map to row groups; zstd keeps snapshots small.
            // RETURN_STATS answers with one row per written file and its row count: no second look at the parts.
            Map<String, Long> partRows = new HashMap<>();
            try (ResultSet rs = st.executeQuery("COPY (SELECT * FROM (" + query + ") ORDER BY player_id) TO "
                    + quote(outputDir.toString()) + " (FORMAT parquet, COMPRESSION zstd, FILENAME_PATTERN 'part-{i}',"
                    + " FILE_SIZE_BYTES '256MB', OVERWRITE_OR_IGNORE true, RETURN_STATS true)")) {
                while (rs.next()) {
                    partRows.put(Path.of(rs.getString("filename")).getFileName().toString(), rs.getLong("count"));
                }
            }
            long rows = partRows.values().stream().mapToLong(Long::longValue).sum();
            return new ComputeResult(asOf, rows, nullPlayers, partRows);
        } catch (SQLException e) {
            throw new ComputeFailedException("duckdb: " + EventValidator.firstLine(e.getMessage()), e);
        }
    }

    /** Rows without a player id, and the greatest event time, of the whole input. */
    record InputStats(long nullPlayerIds, Instant latestEvent) {
    }

    /**
     * Reads the two input-wide facts from Parquet row-group statistics, which costs a footer read instead of a
     * scan; files written without statistics fall back to a scan.
     */
    static InputStats inputStats(Statement st, ComputeRequest request) throws SQLException {
        String files = request.eventFiles().stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "));
        try (ResultSet rs = st.executeQuery("SELECT"
                + " count(*) FILTER (WHERE path_in_schema = 'player_id'),"
                + " count(stats_null_count) FILTER (WHERE path_in_schema = 'player_id'),"
                + " sum(stats_null_count) FILTER (WHERE path_in_schema = 'player_id'),"
                + " count(*) FILTER (WHERE path_in_schema = 'timestamp_utc'),"
                + " count(TRY_CAST(stats_max_value AS TIMESTAMP)) FILTER (WHERE path_in_schema = 'timestamp_utc'),"
                + " max(TRY_CAST(stats_max_value AS TIMESTAMP)) FILTER (WHERE path_in_schema = 'timestamp_utc')"
                + " FROM parquet_metadata([" + files + "])")) {
            rs.next();
            boolean complete = rs.getLong(1) > 0 && rs.getLong(1) == rs.getLong(2)
                    && rs.getLong(4) > 0 && rs.getLong(4) == rs.getLong(5);
            if (complete) {
                return new InputStats(rs.getLong(3), utc(rs.getObject(6, Timestamp.class)));
            }
        }
        try (ResultSet rs = st.executeQuery(
                "SELECT count(*) FILTER (WHERE player_id IS NULL), max(timestamp_utc) FROM events")) {
            rs.next();
            return new InputStats(rs.getLong(1), utc(rs.getObject(2, Timestamp.class)));
        }
    }

    private static Instant utc(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /** The statement creating the relation {@code events} that {@code user_panel.sql} reads; also used by the benchmark. */
    public static String createEventsView(List<Path> eventFiles) {
        String files = eventFiles.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "));
        // Normalise types (timestamp precision, FLOAT scores) so the SQL sees exactly the documented schema.
        return "CREATE TEMP VIEW events AS SELECT "
                + "CAST(name AS VARCHAR) AS name, "
                + "CAST(player_id AS VARCHAR) AS player_id, "
                + "CAST(timestamp_utc AS TIMESTAMP) AS timestamp_utc, "
                + "CAST(country AS VARCHAR) AS country, "
                + "CAST(deposit_amount AS DOUBLE) AS deposit_amount, "
                + "CAST(tournament_score AS DOUBLE) AS tournament_score "
                + "FROM read_parquet([" + files + "], union_by_name = true)";
    }

    /** Thrown when the engine fails after input validation passed, e.g. a corrupt page deep inside a file. */
    public static final class ComputeFailedException extends InvalidInputException {
        public ComputeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
