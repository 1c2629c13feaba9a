package com.playerattributes.compute;

import java.util.Map;

/**
 * The only SQL text that differs between engines. {@code user_panel.sql} names these as {@code ${key}}
 * placeholders; everything else in it is shared verbatim.
 */
public enum SqlDialect {
    DUCKDB(Map.of("tuple", "row")),
    SPARK(Map.of("tuple", "struct"));

    private final Map<String, String> functions;

    SqlDialect(Map<String, String> functions) {
        this.functions = functions;
    }

    public Map<String, String> functions() {
        return functions;
    }
}
