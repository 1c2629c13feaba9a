package com.playerattributes.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished scheduled run, including its retries.
 *
 * @param start     when the first attempt started
 * @param end       when the last attempt ended
 * @param succeeded whether an attempt made a version live
 * @param attempts  attempts made
 * @param outcome   what went live; null on failure
 * @param error     the last attempt's error; null on success
 */
public record RunRecord(Instant start, Instant end, boolean succeeded, int attempts, RunOutcome outcome, String error) {

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** From the start of the run to its version going live; null on failure. */
    public Duration freshness() {
        return outcome == null ? null : Duration.between(start, outcome.liveAt());
    }

    public String result() {
        return succeeded ? "success" : "failure";
    }
}
