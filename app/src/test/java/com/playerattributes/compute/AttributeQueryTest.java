package com.playerattributes.compute;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeQueryTest {

    @Test
    void rendersAsOfInstantAndMedianWindowStart() {
        String sql = AttributeQuery.render(SqlDialect.DUCKDB, Instant.parse("2024-01-03T04:05:06.789Z"));
        assertThat(sql).contains("TIMESTAMP '2024-01-03 04:05:06.789000'")
                .contains("TIMESTAMP '2023-12-30 00:00:00.000000'") // midnight starting D - 4, across the year
                .doesNotContain("${");
    }

    @Test
    void theDialectsDifferOnlyInTheirTemplatedFunctions() {
        assertThat(SqlDialect.DUCKDB.functions().keySet()).isEqualTo(SqlDialect.SPARK.functions().keySet());
        Instant t = Instant.parse("2024-01-16T23:59:59Z");
        assertThat(normalised(SqlDialect.DUCKDB, t)).isEqualTo(normalised(SqlDialect.SPARK, t));
    }

    /** The rendered query with each dialect-specific text replaced by a neutral marker. */
    private static String normalised(SqlDialect dialect, Instant t) {
        String sql = AttributeQuery.render(dialect, t).lines().filter(l -> !l.strip().startsWith("--"))
                .collect(java.util.stream.Collectors.joining("\n"));
        String mean = AttributeQuery.substitute("${mean_of_latest_10(deposit_amount, timestamp_utc)}",
                dialect.functions());
        return sql.replace(mean, "MEAN_OF_LATEST_10")
                .replace(dialect.functions().get("tuple") + "(", "TUPLE(")
                .replace(" " + dialect.functions().get("inline") + " (", " (");
    }

    @Test
    void substitutesTemplateArgumentsByPosition() {
        assertThat(AttributeQuery.substitute("SELECT ${f(a, b_2)}", Map.of("f", "g({1}, {0}, {1})")))
                .isEqualTo("SELECT g(b_2, a, b_2)");
    }

    @Test
    void anUnknownPlaceholderFailsLoudly() {
        assertThatThrownBy(() -> AttributeQuery.substitute("SELECT ${nope}", Map.of()))
                .hasMessageContaining("${nope}");
    }

    @Test
    void aTemplateWithoutItsArgumentsOrWithAnExpressionArgumentFailsLoudly() {
        assertThatThrownBy(() -> AttributeQuery.substitute("SELECT ${f}", Map.of("f", "g({0})")))
                .hasMessageContaining("${f} in").hasMessageContaining("needs arguments");
        assertThatThrownBy(() -> AttributeQuery.substitute("SELECT ${f(a + 1)}", Map.of("f", "g({0})")))
                .hasMessageContaining("takes column names, got 'a + 1'");
    }
}
