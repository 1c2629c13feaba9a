package com.playerattributes.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PlayerPickerTest {

    private static final List<String> IDS = IntStream.range(0, 100).mapToObj(i -> "p" + i).toList();

    /** Share of an evenly spaced grid of draws that lands on each rank. */
    private static double[] shares(PlayerPicker picker, int draws) {
        double[] s = new double[IDS.size()];
        for (int i = 0; i < draws; i++) {
            s[picker.index((i + 0.5) / draws)] += 1.0 / draws;
        }
        return s;
    }

    @Test
    void uniformGivesEveryPlayerTheSameShare() {
        double[] s = shares(PlayerPicker.uniform(IDS), 100_000);
        for (double share : s) {
            assertThat(share).isCloseTo(0.01, within(1e-9));
        }
    }

    @Test
    void zipfGivesRankKTheShareOneOverKToTheSOverTheHarmonicNumber() {
        // s = 1, n = 100: H_100 = 5.187377517639621
        double h100 = 5.187377517639621;
        double[] s = shares(PlayerPicker.zipf(IDS, 1.0), 1_000_000);
        assertThat(s[0]).isCloseTo(1 / h100, within(1e-5));
        assertThat(s[1]).isCloseTo(1 / (2 * h100), within(1e-5));
        assertThat(s[99]).isCloseTo(1 / (100 * h100), within(1e-5));
        assertThat(PlayerPicker.zipf(IDS, 1.0).pick(0.0)).isEqualTo("p0");
        assertThat(PlayerPicker.zipf(IDS, 1.0).pick(0.999_999_999)).isEqualTo("p99");
    }

    @Test
    void refusesAnEmptyPlayerListAndANonPositiveExponent() {
        assertThatThrownBy(() -> PlayerPicker.uniform(List.of())).hasMessageContaining("--players");
        assertThatThrownBy(() -> PlayerPicker.zipf(IDS, 0)).hasMessageContaining("--zipf");
    }
}
