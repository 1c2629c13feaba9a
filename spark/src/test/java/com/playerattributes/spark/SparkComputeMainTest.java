package com.playerattributes.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SparkComputeMainTest {

    @Test
    void sparkSubmitArgumentsRunComputeOnTheSparkEngine() {
        assertThat(SparkComputeMain.computeArgs(new String[]{"--events", "in", "--out", "out"}))
                .containsExactly("--engine=spark", "--events", "in", "--out", "out");
    }

    @Test
    void theLaunchersComputeWordIsDroppedAndAnExplicitEngineKept() {
        assertThat(SparkComputeMain.computeArgs(new String[]{"compute", "--engine", "spark", "--out", "o"}))
                .containsExactly("--engine", "spark", "--out", "o");
    }

    @Test
    void hadoopUrisAreToldApartFromLocalPaths() {
        assertThat(SparkComputeCommand.isUri("s3a://bucket/events/")).isTrue();
        assertThat(SparkComputeCommand.isUri("gs://b/x")).isTrue();
        assertThat(SparkComputeCommand.isUri("file:///tmp/x")).isTrue();
        assertThat(SparkComputeCommand.isUri("/tmp/x")).isFalse();
        assertThat(SparkComputeCommand.isUri("events/2024-*.parquet")).isFalse();
    }
}
