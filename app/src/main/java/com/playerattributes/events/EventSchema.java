package com.playerattributes.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The raw game-event columns the pipeline requires, and the physical types accepted for each. Extra columns are ignored. */
public final class EventSchema {

    public static final String MATCH_EVENT = "srvTournamentFinished";
    public static final String PURCHASE_EVENT = "srvTransactionCompleted";
    public static final String JOIN_EVENT = "srvTournamentJoined";

    private static final Set<String> STRING = Set.of("VARCHAR");
    // All DuckDB timestamp precisions hold the same naive UTC instant; time-zone-aware ones are refused
    // because their meaning depends on a session time zone.
    private static final Set<String> TIMESTAMP = Set.of("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S");
    private static final Set<String> DOUBLE = Set.of("DOUBLE", "FLOAT");

    private static final Map<String, Set<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("name", STRING);
        REQUIRED.put("player_id", STRING);
        REQUIRED.put("date_utc", TIMESTAMP);
        REQUIRED.put("country", STRING);
        REQUIRED.put("platform", STRING);
        REQUIRED.put("timestamp_utc", TIMESTAMP);
        REQUIRED.put("deposit_amount", DOUBLE);
        REQUIRED.put("tournament_score", DOUBLE);
    }

    private EventSchema() {
    }

    public static List<String> requiredColumns() {
        return List.copyOf(REQUIRED.keySet());
    }

    /** The expected type for error messages, e.g. "TIMESTAMP". */
    public static String expectedType(String column) {
        Set<String> accepted = REQUIRED.get(column);
        if (accepted == STRING) {
            return "VARCHAR";
        }
        if (accepted == TIMESTAMP) {
            return "TIMESTAMP";
        }
        return "DOUBLE";
    }

    public static boolean accepts(String column, String duckDbType) {
        Set<String> accepted = REQUIRED.get(column);
        return accepted != null && accepted.contains(duckDbType.toUpperCase());
    }
}
