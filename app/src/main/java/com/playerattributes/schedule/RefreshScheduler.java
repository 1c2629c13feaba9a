package com.playerattributes.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs a {@link RefreshTask} on a {@link Schedule}, one run at a time, on a single thread.
 *
 * <p>Runs never overlap: there is one loop, and it only looks at the schedule again when a run is over. A fire time
 * that passes while a run (or its retries) is still going is <em>skipped</em>, not queued: the next run is the
 * first fire time after the run ended, and a warning says how many were skipped. Queueing would only start a
 * second run on the same events straight away.
 *
 * <p>A failed attempt is retried after an exponential backoff ({@link RetryPolicy}); when the attempts are used up
 * the run is reported as failed and the loop waits for the next fire time. The task itself must leave the live
 * version untouched on failure (the publish gate and atomic switch do).
 */
public final class RefreshScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RefreshScheduler.class);
    private static final int MAX_COUNTED_SKIPS = 100_000;

    private final Schedule schedule;
    private final RetryPolicy retry;
    private final TimeSource time;
    private final RefreshTask task;
    private final boolean runAtStartup;
    private final RefreshStatus status;
    private volatile boolean closed;
    private Thread thread;

    public RefreshScheduler(Schedule schedule, RetryPolicy retry, boolean runAtStartup, TimeSource time,
                            RefreshTask task) {
        this.schedule = schedule;
        this.retry = retry;
        this.runAtStartup = runAtStartup;
        this.time = time;
        this.task = task;
        this.status = new RefreshStatus(schedule.describe());
    }

    public RefreshStatus status() {
        return status;
    }

    /** Starts the loop on a daemon thread named {@code refresh-scheduler}. */
    public synchronized RefreshScheduler start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::loop, "refresh-scheduler");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * The scheduling loop; returns when the thread is interrupted, {@link #close()} is called, or the time source
     * is interrupted. Tests call it directly on their own thread with a hand-driven time source.
     */
    public void loop() {
        Instant next = runAtStartup ? time.now() : schedule.nextAfter(time.now());
        log.info("refresh schedule: {}; {}", schedule.describe(),
                runAtStartup ? "first run now" : "first run at " + next);
        try {
            while (!closed) {
                status.nextRun(next);
                time.sleepUntil(next);
                if (closed) {
                    return;
                }
                runWithRetries();
                next = nextFireAfterRun(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            status.nextRun(null);
        }
    }

    /** The first fire time after {@code served} that is still ahead; fire times that passed during the run are skipped. */
    private Instant nextFireAfterRun(Instant served) {
        Instant now = time.now();
        Instant following = schedule.nextAfter(served);
        int missed = 0;
        while (!following.isAfter(now) && missed < MAX_COUNTED_SKIPS) {
            missed++;
            following = schedule.nextAfter(following);
        }
        if (missed > 0) {
            following = schedule.nextAfter(now);
            status.skipped(missed);
            log.warn("refresh run went past {} fire time(s) of the schedule; skipped them, runs never overlap;"
                    + " next run at {}", missed, following);
        }
        return following;
    }

    private void runWithRetries() throws InterruptedException {
        Instant start = time.now();
        status.started(start);
        for (int attempt = 1; ; attempt++) {
            try {
                RunOutcome outcome = task.run();
                RunRecord run = new RunRecord(start, time.now(), true, attempt, outcome, null);
                status.finished(run);
                log.info("refresh run succeeded: version {} live, {} rows, attempt {}, {} from run start to live",
                        outcome.versionId(), outcome.rows(), attempt, RefreshStatus.human(run.freshness()));
                return;
            } catch (InterruptedException e) {
                status.finished(new RunRecord(start, time.now(), false, attempt, null, "interrupted"));
                throw e;
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                if (attempt >= retry.maxAttempts()) {
                    status.finished(new RunRecord(start, time.now(), false, attempt, null, message));
                    log.error("refresh run FAILED after {} attempt(s): {}; the live version is unchanged",
                            attempt, message);
                    return;
                }
                Duration wait = retry.backoffAfter(attempt);
                status.retried();
                log.warn("refresh attempt {} of {} failed: {}; retrying in {}", attempt, retry.maxAttempts(), message,
                        RefreshStatus.human(wait));
                time.sleepUntil(time.now().plus(wait));
                if (closed) {
                    status.finished(new RunRecord(start, time.now(), false, attempt, null, "stopped: " + message));
                    return;
                }
            }
        }
    }

    /** Stops the loop; a run in progress is interrupted (a publish that has not switched leaves live as it was). */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
