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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the live version of the panel over HTTP (GetAttribute API; see GET /openapi.json).",
                "Follows new versions published by any process without a restart. SIGTERM stops accepting, drains "
                        + "in-flight requests and closes the store.",
                "API keys are read from --api-keys-file and/or the environment variable " + ApiKeys.ENV
                        + " (comma-separated), never from the command line; when any are set, every route but "
                        + "/healthz and /readyz needs header " + ApiKeys.HEADER + ".",
                "With --events it also refreshes the data in the same process: compute then publish (as 'run' does) on"
                        + " --schedule, by default every 4 hours on the clock (00:00, 04:00, ... UTC). Runs never overlap;"
                        + " a failed run is retried with exponential backoff and never touches the live version."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper STATUS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "*", "0:0:0:0:0:0:0:0");

    @Mixin
    StoreOption store;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only). A wildcard address needs --all-interfaces.")
    String host;

    @Option(names = "--all-interfaces", description = "Listen on every network interface (0.0.0.0). Use with API keys and TLS.")
    boolean allInterfaces;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--api-keys-file", paramLabel = "FILE",
            description = "File of accepted API keys, one per line ('#' comments); several keys allow rotation.")
    Path apiKeysFile;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PEM, PKCS#8). Needs --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM). Needs --tls-key.")
    Path tlsCert;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000",
            description = "Open connections beyond which new ones get 503 and are closed. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "262144",
            description = "Largest request body (batchGet); larger gets 413. Default: ${DEFAULT-VALUE}.")
    int maxBodyBytes;

    @Option(names = "--max-request-line", paramLabel = "BYTES", defaultValue = "4096",
            description = "Longest request line; longer gets 414. Default: ${DEFAULT-VALUE}.")
    int maxRequestLine;

    @Option(names = "--max-header-bytes", paramLabel = "BYTES", defaultValue = "8192",
            description = "Largest header block; larger gets 431. Default: ${DEFAULT-VALUE}.")
    int maxHeaderBytes;

    @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time to send a request head, from connect or the previous response (slowloris defence; also the keep-alive idle limit). Default: ${DEFAULT-VALUE}.")
    Duration headerTimeout;

    @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time to send a request body. Default: ${DEFAULT-VALUE}.")
    Duration bodyTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Close a connection with no traffic either way for this long. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM, how long to wait for in-flight requests. Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Event-loop threads. Default: number of cores (${DEFAULT-VALUE}).")
    int eventLoops = Runtime.getRuntime().availableProcessors();

    @Option(names = "--reads-on", paramLabel = "THREADS", defaultValue = "worker",
            description = "Where store reads run: event-loop or worker. Default: ${DEFAULT-VALUE} (see docs/server.md).")
    String readsOn;

    // ---- refresh in the same process (issue 5): compute then publish on a schedule

    @Mixin
    ComputeOptions compute;

    @Mixin
    PublishFlags publish;

    @Mixin
    SnapshotsOption snapshots;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config(System.getenv());
        Clock clock = Clock.systemUTC();
        boolean refreshing = compute.hasEvents();
        if (!refreshing && runAtStartup) {
            throw new IllegalArgumentException("--run-at-startup needs --events (the raw events to compute from)");
        }
        // A schedule without events would be silently ignored: the server would never refresh.
        boolean scheduleGiven = spec.commandLine().getParseResult().hasMatchedOption("--schedule")
                || !Schedule.DEFAULT.equals(schedule);
        if (!refreshing && scheduleGiven) {
            throw new IllegalArgumentException("--schedule needs --events (the raw events to compute from)");
        }
        Schedule when = Schedule.parse(schedule);
        RetryPolicy retry = RetryPolicy.of(runAttempts, Schedule.duration(retryBackoff, "--retry-backoff"));
        Path snapshotDir = refreshing ? snapshots.resolve(store.location()) : null;

        OnlineStore online = store.open();
        RefreshScheduler scheduler = null;
        AttributeServer server;
        List<ServerExtension> extensions = new ArrayList<>();
        AtomicBoolean hinted = new AtomicBoolean();
        String[] baseUrl = new String[1];
        try {
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
        } catch (RuntimeException e) {
            online.close();
            throw e;
        }
        RefreshScheduler refresher = scheduler;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining in-flight requests (up to {} s)", config.shutdownGrace().toSeconds());
            if (refresher != null) {
                refresher.close();
            }
            server.close();
            online.close();
            log.info("stopped");
            stopped.countDown();
        }, "serve-shutdown"));
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        baseUrl[0] = server.scheme() + "://" + host + ":" + server.port();
        System.out.printf("serving %s on %s (live version: %s)%s%n", online.location(), baseUrl[0],
                online.liveVersion().map(v -> v.id()).orElse("none yet"),
                refreshing ? "; refresh " + when.describe() + (runAtStartup ? ", first run now" : "") : "");
        // Only with --events (the quick start): finding an example id loads DuckDB, which plain serve does not need.
        if (refreshing && online.liveVersion().isPresent() && hinted.compareAndSet(false, true)) {
            printHint(online, baseUrl[0]);
        }
        System.out.flush();
        if (refresher != null) {
            refresher.start();
        }
        stopped.await();
        return 0;
    }

    /** Once data is live: a curl command that works as printed. */
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

    /** The server configuration these flags and the environment describe; throws on contradictions. */
    ServerConfig config(Map<String, String> env) {
        String bindHost = host;
        if (allInterfaces) {
            if (!host.equals(ServerConfig.DEFAULT_HOST) && !WILDCARDS.contains(host)) {
                throw new IllegalArgumentException("--all-interfaces and --host " + host + " contradict each other; pass one");
            }
            bindHost = "0.0.0.0";
        } else if (WILDCARDS.contains(host)) {
            throw new IllegalArgumentException("--host " + host + " listens on all interfaces; pass --all-interfaces to confirm");
        }
        if ((tlsKey == null) != (tlsCert == null)) {
            throw new IllegalArgumentException("--tls-key and --tls-cert go together; pass both or neither");
        }
        boolean onWorker = switch (readsOn) {
            case "event-loop" -> false;
            case "worker" -> true;
            default -> throw new IllegalArgumentException("--reads-on " + readsOn + ": expected event-loop or worker");
        };
        requirePositive("--max-connections", maxConnections);
        requirePositive("--max-body-bytes", maxBodyBytes);
        requirePositive("--max-request-line", maxRequestLine);
        requirePositive("--max-header-bytes", maxHeaderBytes);
        requirePositive("--event-loops", eventLoops);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + ": expected 0 to 65535");
        }
        ApiKeys keys = ApiKeys.fromEnvironment(env);
        if (apiKeysFile != null) {
            keys = keys.and(ApiKeys.fromFile(apiKeysFile));
        }
        return new ServerConfig(bindHost, port, eventLoops, onWorker, keys,
                tlsKey == null ? null : new ServerConfig.Tls(tlsKey, tlsCert), maxConnections, maxRequestLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    private static void requirePositive(String flag, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " " + value + ": must be positive");
        }
    }

    /** Durations as {@code 500ms}, {@code 10s} or {@code 2m}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 10s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (d.isZero()) {
                throw new IllegalArgumentException("'" + value + "': a timeout must be positive");
            }
            return d;
        }
    }
}
