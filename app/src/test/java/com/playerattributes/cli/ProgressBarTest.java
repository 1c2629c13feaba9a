package com.playerattributes.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void theBarShowsShareDoneRowsRateAndTimeLeft() {
        // 4.7M of 10M rows in 5 s: 940,000 rows/s, 5.3M rows left = 5.6 s
        assertThat(ProgressBar.render(4_700_000, 10_000_000, 5.0))
                .isEqualTo("[##############................]  47%  4,700,000/10,000,000 rows  940,000 rows/s  ETA 6s   ");
    }

    @Test
    void aFinishedLoadHasAFullBarAndNoTimeLeft() {
        assertThat(ProgressBar.render(1_000, 1_000, 0.5))
                .isEqualTo("[##############################] 100%  1,000/1,000 rows  2,000 rows/s  ETA -   ");
    }
}
