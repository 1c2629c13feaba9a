package com.playerattributes.schedule;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the scheduler has done, for {@code /metrics} (as a {@link MeterBinder}) and {@code /v1/status}
 * ({@link #toStatus()}). Written by the scheduler thread, read by scrapes.
 */
public final class RefreshStatus implements MeterBinder {
    private final String schedule;
    private volatile RunRecord last;
    private volatile RunRecord lastSuccess;
    private volatile Instant runningSince;
    private volatile Instant nextRun;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public RefreshStatus(String schedule) {
        this.schedule = schedule;
    }

    void started(Instant at) {
        runningSince = at;
    }

    void retried() {
        retries.incrementAndGet();
    }

    void finished(RunRecord run) {
        last = run;
        runningSince = null;
        if (run.succeeded()) {
            lastSuccess = run;
            successes.incrementAndGet();
        } else {
            failures.incrementAndGet();
        }
    }

    void skipped(int fireTimes) {
        skipped.addAndGet(fireTimes);
    }

    void nextRun(Instant at) {
        nextRun = at;
    }

    public RunRecord last() {
        return last;
    }

    public RunRecord lastSuccess() {
        return lastSuccess;
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }

    public long retries() {
        return retries.get();
    }

    public long skippedFireTimes() {
        return skipped.get();
    }

    public Instant nextRunAt() {
        return nextRun;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "panel_refresh_last_run_start_seconds", "Start of the last finished refresh run, Unix seconds",
                s -> seconds(s.last == null ? null : s.last.start()));
        gauge(registry, "panel_refresh_last_run_end_seconds", "End of the last finished refresh run, Unix seconds",
                s -> seconds(s.last == null ? null : s.last.end()));
        gauge(registry, "panel_refresh_last_run_success", "1 if the last finished refresh run made a version live, 0 if it failed",
                s -> s.last == null ? Double.NaN : s.last.succeeded() ? 1 : 0);
        gauge(registry, "panel_refresh_last_run_duration_seconds", "Duration of the last finished refresh run, retries included",
                s -> s.last == null ? Double.NaN : s.last.duration().toMillis() / 1000.0);
        gauge(registry, "panel_refresh_last_run_attempts", "Attempts the last finished refresh run took",
                s -> s.last == null ? Double.NaN : s.last.attempts());
        gauge(registry, "panel_refresh_freshness_seconds",
                "Last successful refresh: seconds from the start of the run to its version going live",
                s -> s.lastSuccess == null ? Double.NaN : s.lastSuccess.freshness().toMillis() / 1000.0);
        gauge(registry, "panel_refresh_last_success_seconds", "When the last successful refresh went live, Unix seconds",
                s -> seconds(s.lastSuccess == null ? null : s.lastSuccess.outcome().liveAt()));
        gauge(registry, "panel_refresh_next_run_seconds", "When the next scheduled refresh is due, Unix seconds",
                s -> seconds(s.nextRun));
        gauge(registry, "panel_refresh_running", "1 while a refresh run is in progress",
                s -> s.runningSince == null ? 0 : 1);
        counter(registry, "panel_refresh_runs", "Finished refresh runs by result", successes, "result", "success");
        counter(registry, "panel_refresh_runs", "Finished refresh runs by result", failures, "result", "failure");
        counter(registry, "panel_refresh_retries", "Failed refresh attempts that were retried", retries);
        counter(registry, "panel_refresh_skipped", "Fire times skipped because a run was still going", skipped);
    }

    private void gauge(MeterRegistry registry, String name, String help, java.util.function.ToDoubleFunction<RefreshStatus> value) {
        Gauge.builder(name, this, value).description(help).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, AtomicLong n, String... tags) {
        FunctionCounter.builder(name, n, AtomicLong::doubleValue).description(help).tags(tags).register(registry);
    }

    private static double seconds(Instant t) {
        return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
    }

    /** The {@code refresh} section of {@code /v1/status}. */
    public Map<String, Object> toStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule", schedule);
        m.put("running_since", text(runningSince));
        m.put("next_run", text(nextRun));
        m.put("last_run", run(last));
        m.put("last_success", run(lastSuccess));
        m.put("runs_succeeded", successes.get());
        m.put("runs_failed", failures.get());
        m.put("retries", retries.get());
        m.put("skipped_fire_times", skipped.get());
        return m;
    }

    private static Map<String, Object> run(RunRecord r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", r.start().toString());
        m.put("end", r.end().toString());
        m.put("result", r.result());
        m.put("duration_seconds", r.duration().toMillis() / 1000.0);
        m.put("attempts", r.attempts());
        if (r.outcome() != null) {
            m.put("version", r.outcome().versionId());
            m.put("rows", r.outcome().rows());
            m.put("live_at", r.outcome().liveAt().toString());
            m.put("freshness_seconds", r.freshness().toMillis() / 1000.0);
        }
        if (r.error() != null) {
            m.put("error", r.error());
        }
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    static String human(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
