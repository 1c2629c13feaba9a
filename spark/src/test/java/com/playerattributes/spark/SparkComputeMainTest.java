package com.playerattributes.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SparkComputeMainTest {

    @Test
    void sparkSubmitArgumentsBecomeTheComputeCommandOnTheSparkEngine() {
        assertThat(SparkComputeMain.computeArgs(new String[]{"--events", "in", "--out", "out"}))
                .containsExactly("compute", "--engine=spark", "--events", "in", "--out", "out");
    }

    @Test
    void aLeadingComputeWordAndAnExplicitEngineAreKept() {
        assertThat(SparkComputeMain.computeArgs(new String[]{"compute", "--engine", "spark", "--out", "o"}))
                .containsExactly("compute", "--engine", "spark", "--out", "o");
    }
}
