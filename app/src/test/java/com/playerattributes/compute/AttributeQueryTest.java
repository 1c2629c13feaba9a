package com.playerattributes.compute;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeQueryTest {

    @Test
    void rendersAsOfInstantDateAndMedianWindowStart() {
        String sql = AttributeQuery.render(SqlDialect.DUCKDB, Instant.parse("2024-01-03T04:05:06.789Z"));
        assertThat(sql).contains("TIMESTAMP '2024-01-03 04:05:06.789000'")
                .contains("DATE '2024-01-03'")
                .contains("DATE '2023-12-30'") // D - 4 crosses the year
                .doesNotContain("${");
    }

    @Test
    void theDialectsDifferOnlyInTheirTemplatedFunctions() {
        Instant t = Instant.parse("2024-01-16T23:59:59Z");
        String duck = withoutComments(AttributeQuery.render(SqlDialect.DUCKDB, t));
        String spark = withoutComments(AttributeQuery.render(SqlDialect.SPARK, t));
        assertThat(duck.replace("row(", "X(").replace("NOT MATERIALIZED", ""))
                .isEqualTo(spark.replace("struct(", "X("));
    }

    private static String withoutComments(String sql) {
        return sql.lines().filter(l -> !l.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void anUnknownPlaceholderFailsLoudly() {
        assertThatThrownBy(() -> AttributeQuery.substitute("SELECT ${nope}", Map.of()))
                .hasMessageContaining("${nope}");
    }
}
