package com.playerattributes.snapshot;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The five panel attributes, in snapshot column order. Their definitions live in {@code sql/user_panel.sql}. */
public enum Attribute {
    COUNTRY("country", ValueType.STRING),
    AVG_PRICE_10("avg_price_10", ValueType.DOUBLE),
    LAST_WEIGHTED_DAILY_MATCHES_COUNT_10_PLAYED_DAYS("last_weighted_daily_matches_count_10_played_days", ValueType.DOUBLE),
    ACTIVE_DAYS_SINCE_LAST_PURCHASE("active_days_since_last_purchase", ValueType.INTEGER),
    SCORE_PERC_50_LAST_5_DAYS("score_perc_50_last_5_days", ValueType.DOUBLE);

    /** How a value is typed in Parquet (DuckDB type name) and in JSON. */
    public enum ValueType {
        STRING("VARCHAR"), DOUBLE("DOUBLE"), INTEGER("BIGINT");

        private final String sqlType;

        ValueType(String sqlType) {
            this.sqlType = sqlType;
        }

        public String sqlType() {
            return sqlType;
        }
    }

    private static final List<Attribute> ALL = List.of(values());

    private final String columnName;
    private final ValueType type;

    Attribute(String columnName, ValueType type) {
        this.columnName = columnName;
        this.type = type;
    }

    /** The snapshot column name, which is also the public API name. */
    public String columnName() {
        return columnName;
    }

    public ValueType type() {
        return type;
    }

    public static List<Attribute> all() {
        return ALL;
    }

    public static Optional<Attribute> byName(String name) {
        for (Attribute a : ALL) {
            if (a.columnName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Comma-separated valid names, for error messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(Attribute::columnName).collect(Collectors.joining(", "));
    }
}
