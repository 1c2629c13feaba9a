package com.playerattributes.spark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Builds a raw event Parquet file (the real file layout: naive UTC timestamps) row by row, written by DuckDB. */
final class SyntheticEvents {

    static final String MATCH = "srvTournamentFinished";
    static final String PURCHASE = "srvTransactionCompleted";
    static final String JOIN = "srvTournamentJoined";

    record Event(String name, String playerId, Instant at, String country, Double deposit, Double score) {
    }

    private final List<Event> events = new ArrayList<>();

    SyntheticEvents add(String name, String playerId, String at, String country, Double deposit, Double score) {
        events.add(new Event(name, playerId, Instant.parse(at), country, deposit, score));
        return this;
    }

    SyntheticEvents match(String playerId, String at, Double score) {
        return add(MATCH, playerId, at, "DE", null, score);
    }

    SyntheticEvents purchase(String playerId, String at, Double amount) {
        return add(PURCHASE, playerId, at, "DE", amount, null);
    }

    SyntheticEvents join(String playerId, String at) {
        return add(JOIN, playerId, at, "DE", null, null);
    }

    Path writeTo(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE e (name VARCHAR, player_id VARCHAR, date_utc TIMESTAMP, country VARCHAR,"
                    + " platform VARCHAR, timestamp_utc TIMESTAMP, deposit_amount DOUBLE, tournament_score DOUBLE)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO e VALUES (?, ?, CAST(? AS TIMESTAMP), ?, 'ios', CAST(? AS TIMESTAMP), ?, ?)")) {
                for (Event e : events) {
                    // Naive UTC wall-clock text, so the JVM's default time zone cannot shift anything.
                    String at = e.at().atOffset(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ');
                    String day = e.at().atOffset(ZoneOffset.UTC).toLocalDate() + " 00:00:00";
                    ps.setString(1, e.name());
                    ps.setString(2, e.playerId());
                    ps.setString(3, day);
                    ps.setString(4, e.country());
                    ps.setString(5, at);
                    ps.setObject(6, e.deposit());
                    ps.setObject(7, e.score());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("COPY e TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }
}
