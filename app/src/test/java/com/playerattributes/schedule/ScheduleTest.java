package com.playerattributes.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    private static List<Instant> fireTimes(Schedule s, String from, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t);
            out.add(t);
        }
        return out;
    }

    @Test
    void defaultScheduleFiresEveryFourHoursOnTheUtcClock() {
        assertThat(fireTimes(Schedule.parse(Schedule.DEFAULT), "2026-12-03T13:37:12Z", 4)).containsExactly(
                Instant.parse("2026-12-03T16:00:00Z"), Instant.parse("2026-12-03T20:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), Instant.parse("2026-12-04T04:00:00Z"));
    }

    @Test
    void cronExpressionEvaluatesInUtcAndMatchesTheEquivalentInterval() {
        Schedule cron = Schedule.parse("0 */4 * * *");
        assertThat(cron).isInstanceOf(Schedule.Cron.class);
        assertThat(fireTimes(cron, "2026-12-03T13:37:12Z", 6))
                .isEqualTo(fireTimes(Schedule.parse("PT4H"), "2026-12-03T13:37:12Z", 6));
        assertThat(fireTimes(Schedule.parse("30 2 * * 1"), "2026-12-03T00:00:00Z", 2)).containsExactly(
                Instant.parse("2026-12-07T02:30:00Z"), Instant.parse("2026-12-14T02:30:00Z"));
    }

    @Test
    void aFireTimeExactlyNowIsNotRepeated() {
        assertThat(Schedule.parse("4h").nextAfter(Instant.parse("2026-12-03T04:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
    }

    @Test
    void shortIntervalsCombineUnits() {
        assertThat(Schedule.parse("1h30m")).isEqualTo(new Schedule.Interval(Duration.ofMinutes(90)));
        assertThat(Schedule.parse("30m").nextAfter(Instant.parse("2026-12-03T13:37:00Z")))
                .isEqualTo(Instant.parse("2026-12-03T14:00:00Z"));
        assertThat(Schedule.parse("1d")).isEqualTo(new Schedule.Interval(Duration.ofDays(1)));
    }

    @Test
    void invalidSchedulesAreRefusedWithAOneLineMessageNamingTheFlag() {
        assertThatThrownBy(() -> Schedule.parse("every now and then"))
                .hasMessageStartingWith("--schedule 'every now and then': neither an interval")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> Schedule.parse("61 * * * *")).hasMessageStartingWith("--schedule '61 * * * *'");
        assertThatThrownBy(() -> Schedule.parse("PTxyz")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Schedule.parse("0s")).hasMessageContaining("at least 1s");
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(3));
        assertThat(List.of(p.backoffAfter(1), p.backoffAfter(2), p.backoffAfter(3), p.backoffAfter(4), p.backoffAfter(5)))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                        Duration.ofSeconds(180), Duration.ofSeconds(180));
    }
}
