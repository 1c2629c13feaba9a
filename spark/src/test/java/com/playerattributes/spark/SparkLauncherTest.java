package com.playerattributes.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/player-attributes in a checkout where the spark module was never built. */
class SparkLauncherTest {

    @TempDir
    Path checkout;

    @Test
    void sparkEngineWithoutTheBuiltModulePrintsOneLineWithTheBuildCommand() throws Exception {
        Path bin = Files.createDirectories(checkout.resolve("bin"));
        Files.copy(TestSpark.projectRoot().resolve("bin/player-attributes"), bin.resolve("player-attributes"));
        Process p = new ProcessBuilder("bash", bin.resolve("player-attributes").toString(),
                "compute", "--engine", "spark", "--events", "x", "--out", "y").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err).isEqualTo("error: the spark engine is not built; build it with: (cd "
                + checkout.toRealPath() + " && ./mvnw -q -DskipTests package)\n");
    }
}
