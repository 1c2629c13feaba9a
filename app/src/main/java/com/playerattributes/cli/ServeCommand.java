package com.playerattributes.cli;

import com.playerattributes.server.ApiKeys;
import com.playerattributes.server.AttributeServer;
import com.playerattributes.server.ServerConfig;
import com.playerattributes.store.OnlineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the live version of the panel over HTTP (GetAttribute API; see GET /openapi.json).",
                "Follows new versions published by any process without a restart. SIGTERM stops accepting, drains "
                        + "in-flight requests and closes the store.",
                "API keys are read from --api-keys-file and/or the environment variable " + ApiKeys.ENV
                        + " (comma-separated), never from the command line; when any are set, every route but "
                        + "/healthz and /readyz needs header " + ApiKeys.HEADER + "."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
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

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576",
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

    @Option(names = "--reads-on", paramLabel = "THREADS", defaultValue = "event-loop",
            description = "Where store reads run: event-loop or worker. Default: ${DEFAULT-VALUE} (see docs/server.md).")
    String readsOn;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config(System.getenv());
        OnlineStore online = store.open();
        AttributeServer server;
        try {
            server = AttributeServer.start(online, config, Clock.systemUTC());
        } catch (RuntimeException e) {
            online.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining in-flight requests (up to {} s)", config.shutdownGrace().toSeconds());
            server.close();
            online.close();
            log.info("stopped");
            stopped.countDown();
        }, "serve-shutdown"));
        System.out.printf("serving %s on %s://%s:%d (live version: %s)%n", online.location(), server.scheme(),
                config.host(), server.port(), online.liveVersion().map(v -> v.id()).orElse("none yet"));
        System.out.flush();
        stopped.await();
        return 0;
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
