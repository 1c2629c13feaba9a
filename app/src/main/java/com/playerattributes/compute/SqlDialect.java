package com.playerattributes.compute;

import java.util.Map;

/**
 * The only SQL text that differs between engines. {@code user_panel.sql} names these as {@code ${key}} or, for
 * templates with arguments, {@code ${key(arg0, arg1)}} placeholders, where {@code {0}}, {@code {1}} stand for the
 * arguments; everything else in it is shared verbatim.
 */
public enum SqlDialect {
    DUCKDB(Map.of(
            "tuple", "row",
            // DuckDB would copy the filtered events into a temporary table; re-scanning Parquet is cheaper.
            "inline", "NOT MATERIALIZED",
            // One hash aggregate keeping a 10-entry heap per player: half the cost of a ROW_NUMBER window.
            "mean_of_latest_10", "list_avg(max_by({0}, row({1}, {0}), 10) FILTER (WHERE {0} IS NOT NULL))")),
    SPARK(Map.of(
            "tuple", "struct",
            "inline", "",
            // Spark has no top-n aggregate: sort the player's (time, value) pairs descending, keep 10, average.
            "mean_of_latest_10", "aggregate(slice(sort_array(collect_list(struct({1} AS t, {0} AS v))"
                    + " FILTER (WHERE {0} IS NOT NULL), false), 1, 10),"
                    + " named_struct('total', CAST(0 AS DOUBLE), 'n', 0),"
                    + " (acc, e) -> named_struct('total', acc.total + e.v, 'n', acc.n + 1),"
                    + " acc -> try_divide(acc.total, acc.n))")); // no priced purchase: null, not a division error

    private final Map<String, String> functions;

    SqlDialect(Map<String, String> functions) {
        this.functions = functions;
    }

    public Map<String, String> functions() {
        return functions;
    }
}
