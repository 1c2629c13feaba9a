package com.playerattributes.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The exact column list of a user_panel snapshot: {@code player_id} followed by every {@link Attribute}. */
public final class PanelSchema {
    public static final String PLAYER_ID = "player_id";

    private static final Map<String, String> COLUMNS;

    static {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(PLAYER_ID, "VARCHAR");
        for (Attribute a : Attribute.all()) {
            columns.put(a.columnName(), a.type().sqlType());
        }
        COLUMNS = Collections.unmodifiableMap(columns);
    }

    private PanelSchema() {
    }

    /** Column name to DuckDB type name, in order. */
    public static Map<String, String> columns() {
        return COLUMNS;
    }

    public static List<String> columnNames() {
        return new ArrayList<>(COLUMNS.keySet());
    }
}
