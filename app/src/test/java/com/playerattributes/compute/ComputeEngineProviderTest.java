package com.playerattributes.compute;

import com.playerattributes.events.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeEngineProviderTest {

    @Test
    void duckdbIsFoundOnTheAppClasspath() {
        ComputeEngine engine = ComputeEngineProvider.create("DuckDB");
        assertThat(engine).isInstanceOf(DuckDbComputeEngine.class);
        assertThat(engine.name()).isEqualTo("duckdb");
    }

    @Test
    void sparkWithoutTheSparkModuleSaysHowToGetIt() {
        assertThatThrownBy(() -> ComputeEngineProvider.create("spark"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--engine spark: Spark is not on this classpath; run bin/player-attributes after"
                        + " building the spark module (./mvnw -q -DskipTests package)");
    }

    @Test
    void unknownEngineListsTheAvailableOnes() {
        assertThatThrownBy(() -> ComputeEngineProvider.create("presto"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--engine presto: unknown engine; available: duckdb");
    }
}
