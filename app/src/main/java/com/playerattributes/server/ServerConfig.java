package com.playerattributes.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server listens and what it tolerates from clients.
 *
 * @param host              address to bind; loopback by default
 * @param port              TCP port; 0 picks a free one
 * @param eventLoops        Vert.x event-loop threads (and server instances)
 * @param readsOnWorker     run store reads on a worker pool instead of the event loop (see docs/server.md)
 * @param apiKeys           accepted API keys; {@link ApiKeys#none()} disables the check
 * @param tls               PEM key and certificate, or null for plain HTTP
 * @param maxConnections    open connections beyond which new ones are answered 503 and closed
 * @param maxInitialLine    longest request line, bytes (longer: 414)
 * @param maxHeaderBytes    largest header block, bytes (larger: 431)
 * @param maxBodyBytes      largest request body, bytes (larger: 413)
 * @param headerTimeout     time a connection may take to send a complete request head, counted from connect or
 *                          from the previous response; also how long an idle keep-alive connection stays open
 * @param bodyTimeout       time a client may take to send a request body
 * @param idleTimeout       a connection with no traffic either way for this long is closed
 * @param shutdownGrace     how long SIGTERM waits for in-flight requests
 */
public record ServerConfig(
        String host,
        int port,
        int eventLoops,
        boolean readsOnWorker,
        ApiKeys apiKeys,
        Tls tls,
        int maxConnections,
        int maxInitialLine,
        int maxHeaderBytes,
        int maxBodyBytes,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        Duration shutdownGrace) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    /** PEM files for TLS. */
    public record Tls(Path keyPem, Path certPem) {
    }

    /** Defaults: loopback, no keys, no TLS, limits sized for the API's largest legitimate request. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(DEFAULT_HOST, port, Runtime.getRuntime().availableProcessors(), false, ApiKeys.none(), null,
                1000, 4096, 8192, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10));
    }

    public ServerConfig withApiKeys(ApiKeys keys) {
        return new ServerConfig(host, port, eventLoops, readsOnWorker, keys, tls, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withTls(Tls files) {
        return new ServerConfig(host, port, eventLoops, readsOnWorker, apiKeys, files, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withReadsOnWorker(boolean onWorker) {
        return new ServerConfig(host, port, eventLoops, onWorker, apiKeys, tls, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, eventLoops, readsOnWorker, apiKeys, tls, max, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withTimeouts(Duration header, Duration body, Duration idle) {
        return new ServerConfig(host, port, eventLoops, readsOnWorker, apiKeys, tls, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, header, body, idle, shutdownGrace);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, eventLoops, readsOnWorker, apiKeys, tls, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withEventLoops(int loops) {
        return new ServerConfig(host, port, loops, readsOnWorker, apiKeys, tls, maxConnections, maxInitialLine,
                maxHeaderBytes, maxBodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }

    public ServerConfig withLimits(int initialLine, int headerBytes, int bodyBytes) {
        return new ServerConfig(host, port, eventLoops, readsOnWorker, apiKeys, tls, maxConnections, initialLine,
                headerBytes, bodyBytes, headerTimeout, bodyTimeout, idleTimeout, shutdownGrace);
    }
}
