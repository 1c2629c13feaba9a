package com.playerattributes.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The scheduler's notion of time: what time it is, and waiting. Tests replace it with a clock they advance by hand. */
public interface TimeSource {

    Instant now();

    /** Returns at or after {@code t}; returns at once if {@code t} has passed. */
    void sleepUntil(Instant t) throws InterruptedException;

    /** Real time from {@code clock}, waiting in short steps so a wall-clock jump is noticed within a minute. */
    static TimeSource of(Clock clock) {
        return new TimeSource() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public void sleepUntil(Instant t) throws InterruptedException {
                while (true) {
                    long wait = Duration.between(clock.instant(), t).toMillis();
                    if (wait <= 0) {
                        return;
                    }
                    Thread.sleep(Math.min(wait, 60_000));
                }
            }
        };
    }
}
