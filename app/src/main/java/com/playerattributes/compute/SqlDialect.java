package com.playerattributes.compute;

import java.util.Map;

/**
 * The only SQL text that differs between engines. {@code user_panel.sql} names these as {@code ${key}}
 * placeholders; everything else in it is shared verbatim.
 */
public enum SqlDialect {
    // DuckDB would copy the filtered events into a temporary table; re-scanning Parquet is cheaper.
    DUCKDB(Map.of("tuple", "row", "inline", "NOT MATERIALIZED")),
    SPARK(Map.of("tuple", "struct", "inline", ""));

    private final Map<String, String> functions;

    SqlDialect(Map<String, String> functions) {
        this.functions = functions;
    }

    public Map<String, String> functions() {
        return functions;
    }
}
