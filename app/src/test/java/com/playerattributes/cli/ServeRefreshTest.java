package com.playerattributes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.schedule.RefreshScheduler;
import com.playerattributes.schedule.RetryPolicy;
import com.playerattributes.schedule.Schedule;
import com.playerattributes.schedule.TimeSource;
import com.playerattributes.server.AttributeServer;
import com.playerattributes.server.ServerConfig;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The refresh scheduler inside the server process, as {@code serve --events --run-at-startup} wires it: the first
 * run goes live, /v1/status and /metrics report it with its freshness, and the printed curl example works.
 */
class ServeRefreshTest {

    @TempDir
    Path tmp;

    @Test
    void aRunAtStartupGoesLiveAndIsReportedInStatusAndMetricsAndTheCurlExampleWorks() throws Exception {
        ComputeOptions compute = new ComputeOptions();
        compute.events = CliHarness.SAMPLE.toString();
        compute.asOf = "latest";
        compute.engine = "duckdb";
        try (RocksDbStore store = RocksDbStore.open(tmp.resolve("store"))) {
            ComputeThenPublish task = new ComputeThenPublish(compute, store, PublishOptions.defaults(),
                    tmp.resolve("snaps"), PublishListener.NONE, Clock.systemUTC());
            Instant before = Instant.now();
            try (RefreshScheduler scheduler = new RefreshScheduler(Schedule.parse("4h"),
                    RetryPolicy.of(1, Duration.ofSeconds(1)), true, TimeSource.of(Clock.systemUTC()), task);
                 AttributeServer server = AttributeServer.start(store, ServerConfig.defaults(0), Clock.systemUTC(),
                         List.of(ServeCommand.refreshExtension(scheduler.status())))) {
                String base = "http://127.0.0.1:" + server.port();
                assertThat(CliHarness.get(base + "/readyz").status()).isEqualTo(503);
                scheduler.start();

                JsonNode refresh = null;
                for (int i = 0; i < 600 && (refresh == null || refresh.path("last_run").isNull()); i++) {
                    Thread.sleep(100);
                    refresh = CliHarness.get(base + "/v1/status").json().path("refresh");
                }
                JsonNode last = refresh.path("last_run");
                assertThat(last.path("result").asText()).isEqualTo("success");
                assertThat(last.path("version").asText()).isEqualTo("v000001");
                assertThat(last.path("rows").asLong()).isEqualTo(1000);
                double freshness = last.path("freshness_seconds").asDouble();
                assertThat(Instant.parse(last.path("start").asText())).isAfterOrEqualTo(before.minusMillis(1));
                assertThat(freshness).isPositive().isCloseTo(Duration.between(Instant.parse(last.path("start").asText()),
                        Instant.parse(last.path("live_at").asText())).toMillis() / 1000.0, within(0.001));
                assertThat(refresh.path("schedule").asText()).isEqualTo("every 4h (UTC, on the clock)");
                Instant next = Instant.parse(refresh.path("next_run").asText());
                assertThat(next).isEqualTo(Schedule.parse("4h").nextAfter(Instant.parse(last.path("end").asText())));

                String metrics = CliHarness.get(base + "/metrics").body();
                assertThat(metrics).contains("panel_refresh_last_run_success 1.0")
                        .contains("panel_refresh_runs_total{result=\"success\"} 1.0")
                        .contains("panel_refresh_freshness_seconds " + freshness)
                        .contains("panel_data_age_seconds");

                String curl = ExampleRequest.curl(store, base).orElseThrow();
                assertThat(curl).startsWith("curl -s " + base + "/v1/players/").endsWith("/attributes");
                CliHarness.Answer answer = CliHarness.get(curl.substring("curl -s ".length()));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json().path("version").asText()).isEqualTo("v000001");
                assertThat(Files.list(tmp.resolve("snaps")).count()).isEqualTo(1);
            }
        }
    }
}
