package com.playerattributes.server;

import com.playerattributes.store.StoreVersion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics: requests by route and status (count + latency histogram), and the live data (version,
 * as-of, age, rows), which is read from the store on each scrape.
 */
final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<Integer, Timer> timers = new ConcurrentHashMap<>();
    private final MultiGauge liveVersionInfo;
    private final Clock clock;
    private volatile Optional<StoreVersion> live = Optional.empty();

    ServerMetrics(Clock clock, IntSupplier openConnections) {
        this.clock = clock;
        liveVersionInfo = MultiGauge.builder("panel_version_live")
                .description("1 for the live version of the panel, labelled with its id (not named *_info: Prometheus reserves that suffix)")
                .register(registry);
        Gauge.builder("panel_live_version", this, m -> m.live.map(v -> versionNumber(v.id())).orElse(Double.NaN))
                .description("Numeric part of the live version id (v000042 -> 42); NaN when nothing is live")
                .register(registry);
        Gauge.builder("panel_data_as_of_seconds", this, m -> m.live.map(v -> (double) v.asOf().getEpochSecond()).orElse(Double.NaN))
                .description("As-of instant of the live data, Unix seconds")
                .register(registry);
        Gauge.builder("panel_data_age_seconds", this, m -> m.live
                        .map(v -> (double) Duration.between(v.asOf(), m.clock.instant()).toSeconds()).orElse(Double.NaN))
                .description("Seconds between the live data's as-of instant and now")
                .register(registry);
        Gauge.builder("panel_rows", this, m -> m.live.map(v -> (double) v.rows()).orElse(Double.NaN))
                .description("Players in the live version")
                .register(registry);
        Gauge.builder("http_server_open_connections", openConnections, s -> s.getAsInt())
                .description("Open HTTP connections")
                .strongReference(true)
                .register(registry);
        // Heap and buffer pools only: the other JVM binders cost startup time (restart readiness) and add little here.
        new JvmMemoryMetrics().bindTo(registry);
    }

    void recordRequest(Route route, int status, long nanos) {
        int key = route.ordinal() << 16 | status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("http_server_requests")
                    .description("HTTP requests by route and status")
                    .tags(Tags.of("route", route.template(), "status", Integer.toString(status)))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Prometheus text for the given live version (read from the store by the caller). */
    String scrape(Optional<StoreVersion> liveNow) {
        live = liveNow;
        liveVersionInfo.register(liveNow.map(v -> List.of(MultiGauge.Row.of(Tags.of("version", v.id()), 1))).orElse(List.of()), true);
        return registry.scrape();
    }

    private static double versionNumber(String id) {
        String digits = id.replaceAll("\\D", "");
        if (digits.isEmpty() || digits.length() > 15) {
            return Double.NaN;
        }
        return Double.parseDouble(digits);
    }

    @Override
    public void close() {
        registry.close();
    }
}
