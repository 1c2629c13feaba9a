package com.playerattributes.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling loop against a hand-driven clock: no real waiting, every instant is exact. */
class RefreshSchedulerTest {

    /** Time that only moves when the scheduler sleeps or a task says it took time. Ends the loop past {@code horizon}. */
    static final class FakeTime implements TimeSource {
        Instant now;
        final Instant horizon;
        final List<Instant> sleeps = new ArrayList<>();

        FakeTime(String start, String horizon) {
            this.now = Instant.parse(start);
            this.horizon = Instant.parse(horizon);
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleepUntil(Instant t) throws InterruptedException {
            if (t.isAfter(horizon)) {
                throw new InterruptedException("test horizon reached");
            }
            sleeps.add(t);
            if (t.isAfter(now)) {
                now = t;
            }
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static final RetryPolicy NO_RETRY = RetryPolicy.of(1, Duration.ofSeconds(30));

    @Test
    void runsFireAtTheScheduledTimesAndTheirFreshnessIsStartToLive() {
        FakeTime time = new FakeTime("2026-12-03T01:23:00Z", "2026-12-03T13:00:00Z");
        List<Instant> starts = new ArrayList<>();
        AtomicInteger version = new AtomicInteger();
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("4h"), NO_RETRY, false, time, () -> {
            starts.add(time.now());
            time.advance(Duration.ofSeconds(17));
            return new RunOutcome("v" + version.incrementAndGet(), 10, time.now());
        });
        s.loop();
        assertThat(starts).containsExactly(Instant.parse("2026-12-03T04:00:00Z"), Instant.parse("2026-12-03T08:00:00Z"),
                Instant.parse("2026-12-03T12:00:00Z"));
        RunRecord last = s.status().last();
        assertThat(last.succeeded()).isTrue();
        assertThat(last.start()).isEqualTo(Instant.parse("2026-12-03T12:00:00Z"));
        assertThat(last.freshness()).isEqualTo(Duration.ofSeconds(17));
        assertThat(last.outcome().versionId()).isEqualTo("v3");
        assertThat(s.status().successes()).isEqualTo(3);
    }

    @Test
    void runAtStartupRunsOnceImmediatelyThenFollowsTheSchedule() {
        FakeTime time = new FakeTime("2026-12-03T01:23:00Z", "2026-12-03T05:00:00Z");
        List<Instant> starts = new ArrayList<>();
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("0 */4 * * *"), NO_RETRY, true, time, () -> {
            starts.add(time.now());
            return new RunOutcome("v", 1, time.now());
        });
        s.loop();
        assertThat(starts).containsExactly(Instant.parse("2026-12-03T01:23:00Z"), Instant.parse("2026-12-03T04:00:00Z"));
    }

    @Test
    void aRunStillGoingAtTheNextFireTimeMakesThatFireTimeSkippedNeverOverlapped() {
        FakeTime time = new FakeTime("2026-12-03T01:00:00Z", "2026-12-03T17:00:00Z");
        List<Instant> starts = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("4h"), NO_RETRY, false, time, () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            starts.add(time.now());
            // The first run takes 5 hours: past 08:00, and 09:00 is its end.
            time.advance(starts.size() == 1 ? Duration.ofHours(5) : Duration.ofMinutes(1));
            running.decrementAndGet();
            return new RunOutcome("v", 1, time.now());
        });
        s.loop();
        assertThat(starts).containsExactly(Instant.parse("2026-12-03T04:00:00Z"), Instant.parse("2026-12-03T12:00:00Z"),
                Instant.parse("2026-12-03T16:00:00Z"));
        assertThat(s.status().skippedFireTimes()).isEqualTo(1);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void aFailedAttemptIsRetriedWithExponentialBackoffAndTheRunCountsFromItsFirstAttempt() {
        FakeTime time = new FakeTime("2026-12-03T03:59:00Z", "2026-12-03T07:00:00Z");
        List<Instant> attempts = new ArrayList<>();
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("4h"), RetryPolicy.of(4, Duration.ofSeconds(30)),
                false, time, () -> {
            attempts.add(time.now());
            time.advance(Duration.ofSeconds(10));
            if (attempts.size() < 3) {
                throw new IllegalStateException("input file is corrupt");
            }
            return new RunOutcome("v7", 5, time.now());
        });
        s.loop();
        Instant t0 = Instant.parse("2026-12-03T04:00:00Z");
        // attempt, 10 s of work, 30 s wait; attempt, 10 s, 60 s wait; attempt.
        assertThat(attempts).containsExactly(t0, t0.plusSeconds(40), t0.plusSeconds(110));
        RunRecord run = s.status().last();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(run.freshness()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.status().retries()).isEqualTo(2);
        assertThat(s.status().failures()).isZero();
    }

    @Test
    void aRunThatFailsEveryAttemptIsReportedAndTheNextFireTimeStillRuns() {
        FakeTime time = new FakeTime("2026-12-03T03:00:00Z", "2026-12-03T09:00:00Z");
        List<Instant> attempts = new ArrayList<>();
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("4h"), RetryPolicy.of(3, Duration.ofMinutes(1)),
                false, time, () -> {
            attempts.add(time.now());
            if (time.now().isBefore(Instant.parse("2026-12-03T08:00:00Z"))) {
                throw new IllegalStateException("events unreadable");
            }
            return new RunOutcome("v2", 5, time.now());
        });
        s.loop();
        Instant t0 = Instant.parse("2026-12-03T04:00:00Z");
        assertThat(attempts).containsExactly(t0, t0.plusSeconds(60), t0.plusSeconds(180),
                Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(s.status().failures()).isEqualTo(1);
        assertThat(s.status().successes()).isEqualTo(1);
        assertThat(s.status().last().succeeded()).isTrue();
        assertThat(s.status().toStatus()).containsEntry("runs_failed", 1L);
    }

    @Test
    void theFailureIsRecordedWithItsErrorAndAttempts() {
        FakeTime time = new FakeTime("2026-12-03T03:00:00Z", "2026-12-03T05:00:00Z");
        RefreshScheduler s = new RefreshScheduler(Schedule.parse("4h"), RetryPolicy.of(2, Duration.ofSeconds(5)),
                false, time, () -> {
            throw new IllegalStateException("--events x.parquet: not a Parquet file");
        });
        s.loop();
        RunRecord run = s.status().last();
        assertThat(run.succeeded()).isFalse();
        assertThat(run.attempts()).isEqualTo(2);
        assertThat(run.error()).isEqualTo("--events x.parquet: not a Parquet file");
        assertThat(run.freshness()).isNull();
        assertThat(s.status().lastSuccess()).isNull();
    }
}
