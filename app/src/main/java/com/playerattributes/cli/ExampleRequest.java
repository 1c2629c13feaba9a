package com.playerattributes.cli;

import com.playerattributes.events.EventValidator;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** A {@code curl} command that works as printed: a real player of the live version, on the address being served. */
final class ExampleRequest {
    private ExampleRequest() {
    }

    static Optional<String> curl(OnlineStore store, String baseUrl) {
        return playerId(store).map(id -> "curl -s " + baseUrl + "/v1/players/" + pathSegment(id) + "/attributes");
    }

    /** The first player of the live version's snapshot, checked against the live version itself. */
    static Optional<String> playerId(OnlineStore store) {
        Optional<LiveVersion> pinned = store.acquireLive();
        if (pinned.isEmpty()) {
            return Optional.empty();
        }
        try (LiveVersion live = pinned.get()) {
            StoreVersion v = live.version();
            if (v.source() == null || !Files.isDirectory(Path.of(v.source()))) {
                return Optional.empty();
            }
            String glob = Path.of(v.source()).resolve("part-*.parquet").toString();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT player_id FROM read_parquet(" + EventValidator.quote(glob)
                         + ") WHERE player_id IS NOT NULL ORDER BY player_id LIMIT 1")) {
                if (rs.next() && live.get(PanelValueCodec.key(rs.getString(1))) != null) {
                    return Optional.of(rs.getString(1));
                }
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.empty();
            }
        }
    }

    /** Percent-encodes a path segment (URLEncoder encodes for forms: a space becomes '+', which a path must not use). */
    static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
