package com.playerattributes.schedule;

import java.time.Duration;

/**
 * How a failed run is retried: up to {@code maxAttempts} attempts in all, waiting {@code initialBackoff} after the
 * first failure and multiplying the wait by {@code multiplier} after each further one, capped at {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--run-attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("--retry-backoff must not be negative, got " + initialBackoff);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
        }
    }

    public static RetryPolicy of(int maxAttempts, Duration initialBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, 2.0, Duration.ofMinutes(30));
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
