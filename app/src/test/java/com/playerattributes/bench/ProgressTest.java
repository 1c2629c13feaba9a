package com.playerattributes.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void lineShowsDoneTotalRateAndRemainingTime() {
        Progress p = Progress.to(new PrintStream(new ByteArrayOutputStream()), "players", 10_000_000);
        // 1,000,000 players in 20 s: 50,000/s, 9,000,000 left = 180 s
        assertThat(p.line(1_000_000, 20_000_000_000L)).isEqualTo("1,000,000 / 10,000,000 players  50,000 players/s  ETA 3m00s");
        assertThat(Progress.duration(7_260)).isEqualTo("2h01m");
        assertThat(Progress.duration(59)).isEqualTo("59s");
    }

    @Test
    void finalUpdateEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = Progress.to(new PrintStream(bytes), "players", 10);
        p.update(10);
        assertThat(bytes.toString()).startsWith("\r10 / 10 players").endsWith(System.lineSeparator());
    }
}
