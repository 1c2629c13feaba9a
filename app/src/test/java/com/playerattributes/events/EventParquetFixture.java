package com.playerattributes.events;

import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** Writes test events as a Parquet file in the real schema (same column names and types as the shared data). */
public final class EventParquetFixture {

    private EventParquetFixture() {
    }

    public static Path write(Path file, List<TestEvent> events) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ev (name VARCHAR, player_id VARCHAR, date_utc TIMESTAMP, country VARCHAR,"
                    + " platform VARCHAR, timestamp_utc TIMESTAMP, deposit_amount DOUBLE, tournament_score DOUBLE)");
            try (var appender = c.unwrap(DuckDBConnection.class).createAppender("main", "ev")) {
                for (TestEvent e : events) {
                    appender.beginRow();
                    appender.append(e.name());
                    appendNullable(appender, e.playerId());
                    appender.append(e.effectiveDateUtc());
                    appendNullable(appender, e.country());
                    appender.append(e.platform());
                    appender.append(e.timestampUtc());
                    appendNullable(appender, e.depositAmount());
                    appendNullable(appender, e.tournamentScore());
                    appender.endRow();
                }
            }
            st.execute("COPY ev TO " + EventValidator.quote(file.toString()) + " (FORMAT parquet)");
        }
        return file;
    }

    private static void appendNullable(org.duckdb.DuckDBAppender appender, Double value) throws Exception {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value.doubleValue());
        }
    }

    private static void appendNullable(org.duckdb.DuckDBAppender appender, String value) throws Exception {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }
}
