package com.playerattributes.cli;

import com.playerattributes.publish.PublishListener;
import com.playerattributes.schedule.RefreshScheduler;
import com.playerattributes.schedule.RefreshStatus;
import com.playerattributes.schedule.RetryPolicy;
import com.playerattributes.schedule.RunOutcome;
import com.playerattributes.schedule.Schedule;
import com.playerattributes.schedule.TimeSource;
import com.playerattributes.server.ApiKeys;
import com.playerattributes.server.AttributeServer;
import com.playerattributes.server.ServerConfig;
import com.playerattributes.server.ServerExtension;
import com.playerattributes.store.OnlineStore;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the live version over HTTP (GetAttribute API, /v1/status, /metrics).",
                "With --events it also refreshes the data in the same process: compute then publish (as 'run' does) on"
                        + " --schedule, by default every 4 hours on the clock (00:00, 04:00, ... UTC). Runs never overlap;"
                        + " a failed run is retried with exponential backoff and never touches the live version."})
final class ServeCommand implements Callable<Integer> {
    private static final com.fasterxml.jackson.databind.ObjectMapper STATUS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Mixin
    StoreOption store;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--api-keys-file", paramLabel = "FILE",
            description = "Require an X-API-Key header with one of the keys in FILE (one per line). Keys may also come"
                    + " from the environment variable " + ApiKeys.ENV + ". Default: no keys required.")
    Path apiKeysFile;

    @Mixin
    ComputeOptions compute;

    @Mixin
    PublishFlags publish;

    @Option(names = "--snapshots", paramLabel = "DIR",
            description = "Where scheduled runs keep their snapshot directories. Default: the sibling <store>-snapshots of --store.")
    Path snapshots;

    @Option(names = "--schedule", paramLabel = "WHEN",
            description = "When to refresh (needs --events): an interval on the UTC clock (4h, 30m, 1h30m, PT4H) or a"
                    + " 5-field cron expression in UTC ('0 */4 * * *'). Default: ${DEFAULT-VALUE}.")
    String schedule = Schedule.DEFAULT;

    @Option(names = "--run-at-startup", description = "Also refresh once right away at startup (needs --events).")
    boolean runAtStartup;

    @Option(names = "--run-attempts", paramLabel = "N",
            description = "Attempts per scheduled run before it is reported failed. Default: ${DEFAULT-VALUE}.")
    int runAttempts = RetryPolicy.DEFAULT_ATTEMPTS;

    @Option(names = "--retry-backoff", paramLabel = "DURATION",
            description = "Wait after the first failed attempt; doubles after each further failure (max 30m). Default: ${DEFAULT-VALUE}.")
    String retryBackoff = "30s";

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        boolean refreshing = compute.hasEvents();
        if (!refreshing && runAtStartup) {
            throw new IllegalArgumentException("--run-at-startup needs --events (the raw events to compute from)");
        }
        Schedule when = Schedule.parse(schedule);
        RetryPolicy retry = RetryPolicy.of(runAttempts, Schedule.duration(retryBackoff, "--retry-backoff"));
        Path snapshotDir = snapshots != null ? snapshots : refreshing ? ComputeThenPublish.defaultSnapshots(store.location()) : null;
        ApiKeys keys = apiKeysFile != null ? ApiKeys.fromFile(apiKeysFile) : ApiKeys.fromEnvironment(System.getenv());
        ServerConfig config = ServerConfig.defaults(port).withHost(host).withApiKeys(keys);

        OnlineStore online = store.open();
        RefreshScheduler scheduler = null;
        AttributeServer server = null;
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            List<ServerExtension> extensions = new ArrayList<>();
            AtomicBoolean hinted = new AtomicBoolean();
            String[] baseUrl = new String[1];
            if (refreshing) {
                ComputeThenPublish task = new ComputeThenPublish(compute, online, publish.toOptions(), snapshotDir,
                        PublishListener.NONE, clock);
                scheduler = new RefreshScheduler(when, retry, runAtStartup, TimeSource.of(clock), () -> {
                    RunOutcome outcome = task.run();
                    if (baseUrl[0] != null && hinted.compareAndSet(false, true)) {
                        printHint(online, baseUrl[0]);
                    }
                    return outcome;
                });
                extensions.add(refreshExtension(scheduler.status()));
            }
            server = AttributeServer.start(online, config, clock, extensions);
            baseUrl[0] = server.scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
            System.out.println("serving " + online.location() + " on " + baseUrl[0]
                    + (refreshing ? "; refresh " + when.describe() + (runAtStartup ? ", first run now" : "") : "; no refresh (no --events)"));
            if (online.liveVersion().isPresent() && hinted.compareAndSet(false, true)) {
                printHint(online, baseUrl[0]);
            } else if (online.liveVersion().isEmpty() && !runAtStartup) {
                System.out.println("no live version yet: /v1/* answers 503 until the first publish");
            }
            if (scheduler != null) {
                scheduler.start();
            }
            RefreshScheduler s = scheduler;
            AttributeServer srv = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (s != null) {
                    s.close();
                }
                srv.close();
                online.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        } catch (RuntimeException | InterruptedException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (server != null) {
                server.close();
            }
            online.close();
            throw e;
        }
    }

    private static void printHint(OnlineStore online, String baseUrl) {
        online.liveVersion().ifPresent(v -> System.out.printf("live version %s: %,d players as of %s%n",
                v.id(), v.rows(), v.asOf()));
        ExampleRequest.curl(online, baseUrl).ifPresent(curl -> {
            System.out.println("try it:");
            System.out.println("  " + curl);
        });
        System.out.flush();
    }

    /** The scheduler's status in /v1/status (field "refresh") and its meters in /metrics. */
    static ServerExtension refreshExtension(RefreshStatus status) {
        return new ServerExtension() {
            @Override
            public String statusField() {
                return "refresh";
            }

            @Override
            public String statusJson() {
                try {
                    return STATUS_JSON.writeValueAsString(status.toStatus());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void bindTo(MeterRegistry registry) {
                status.bindTo(registry);
            }
        };
    }
}
