package com.playerattributes.compute;

import com.playerattributes.events.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsOfTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void nowIsTheWallClockGivenAtTheStartOfTheRun() {
        assertThat(AsOf.parse("now", NOW).resolve(null)).isEqualTo(NOW);
        assertThat(AsOf.parse(null, NOW).resolve(null)).isEqualTo(NOW);
    }

    @Test
    void latestIsTheGreatestEventTime() {
        Instant latest = Instant.parse("2024-01-16T23:59:59Z");
        assertThat(AsOf.parse("latest", NOW).resolve(latest)).isEqualTo(latest);
    }

    @Test
    void instantsWithAnOffsetAreConvertedToUtc() {
        assertThat(AsOf.parse("2024-01-06T23:00:00+01:00", NOW).resolve(null))
                .isEqualTo(Instant.parse("2024-01-06T22:00:00Z"));
    }

    @Test
    void garbageNamesTheParameter() {
        assertThatThrownBy(() -> AsOf.parse("2024-01-06", NOW))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--as-of '2024-01-06'");
    }

    @Test
    void latestOnInputWithoutTimestampsIsAnError() {
        assertThatThrownBy(() -> AsOf.parse("latest", NOW).resolve(null)).hasMessageContaining("no events");
    }

    @Test
    void anEmptyAsOfIsRefusedRatherThanTakenAsNow() {
        assertThatThrownBy(() -> AsOf.parse("", NOW)).hasMessageStartingWith("--as-of is empty: expected");
        assertThatThrownBy(() -> AsOf.parse("  ", NOW)).hasMessageStartingWith("--as-of is empty: expected");
    }

    @Test
    void anInstantOutsideYearsOneToNineThousandNineHundredNinetyNineIsRefused() {
        assertThatThrownBy(() -> AsOf.parse("+999999-01-01T00:00:00Z", NOW))
                .hasMessage("--as-of '+999999-01-01T00:00:00Z': the year must be between 1 and 9999");
        assertThat(AsOf.parse("9999-12-31T23:59:59Z", NOW).resolve(null)).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }
}
