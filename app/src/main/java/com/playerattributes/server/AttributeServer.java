package com.playerattributes.server;

import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreUnavailableException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The HTTP server: hand routing on Vert.x core, one server instance per event loop sharing the port. Data reads go
 * through {@link AttributeApi}; they run on the event loop or on the worker pool ({@link ServerConfig#readsOnWorker()}).
 */
public final class AttributeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AttributeServer.class);
    private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json");
    private static final CharSequence PROMETHEUS_TYPE = HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");
    private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes();
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes();

    private final ServerConfig config;
    private final OnlineStore store;
    private final AttributeApi api;
    private final ServerMetrics metrics;
    private final ConnectionGuard guard;
    private final byte[] openApi;
    private final Vertx vertx;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private int port;

    private AttributeServer(OnlineStore store, ServerConfig config, Clock clock, List<ServerExtension> extensions) {
        this.config = config;
        this.store = store;
        this.api = new AttributeApi(store, clock, extensions);
        this.guard = new ConnectionGuard(config.maxConnections(), config.headerTimeout(), config.bodyTimeout());
        this.metrics = new ServerMetrics(clock, guard::openConnections);
        extensions.forEach(metrics::bind);
        this.openApi = openApiDocument();
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(config.eventLoops())
                .setPreferNativeTransport(true));
    }

    /** Starts listening; returns once every instance is bound. */
    public static AttributeServer start(OnlineStore store, ServerConfig config, Clock clock) {
        return start(store, config, clock, List.of());
    }

    /** Starts listening, with extra status and metrics from {@code extensions}. */
    public static AttributeServer start(OnlineStore store, ServerConfig config, Clock clock,
                                        List<ServerExtension> extensions) {
        // Open the live version now, so the first request does not pay for it and readiness is immediate; it runs
        // beside the HTTP stack's start-up, which costs about as much (restart time).
        java.util.concurrent.CompletableFuture<Void> warm = java.util.concurrent.CompletableFuture.runAsync(
                () -> store.acquireLive().ifPresent(com.playerattributes.store.LiveVersion::close));
        AttributeServer server = new AttributeServer(store, config, clock, List.copyOf(extensions));
        try {
            warm.join();
            server.listen();
        } catch (RuntimeException e) {
            server.vertx.close();
            throw e;
        }
        return server;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return port;
    }

    public String scheme() {
        return config.tls() == null ? "http" : "https";
    }

    private void listen() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setIdleTimeout((int) config.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(config.maxInitialLine())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxFormAttributeSize(0)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                // No HTTP/2 over cleartext: its preface detection delays the connection handler (and so our
                // deadlines) until the client sends bytes, and the API needs only HTTP/1.1.
                .setHttp2ClearTextEnabled(false)
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        if (config.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setKeyPath(config.tls().keyPem().toString())
                    .setCertPath(config.tls().certPem().toString()));
        }
        // Vert.x spreads connections over the instances of one deployment that listen on the same port, but with
        // port 0 each instance would bind its own random port: pick one free port first.
        if (config.port() == 0 && config.eventLoops() > 1) {
            options.setPort(freePort(config.host()));
        }
        deploy(options, config.eventLoops());
        port = servers.get(0).actualPort();
        vertx.setPeriodic(250, id -> guard.sweep());
        log.info("serving {} on {}://{}:{} ({} event loops, reads on {}, API keys {}, max {} connections)",
                store.location(), scheme(), config.host(), port, config.eventLoops(),
                config.readsOnWorker() ? "worker pool" : "event loop",
                config.apiKeys().enabled() ? "required (" + config.apiKeys().count() + ")" : "off", config.maxConnections());
    }

    private void deploy(HttpServerOptions options, int instances) {
        Supplier<VerticleBase> instance = () -> new VerticleBase() {
            @Override
            public Future<?> start() {
                HttpServer server = vertx.createHttpServer(options)
                        .connectionHandler(conn -> {
                            StrictFramingDecoder.install(conn, options);
                            guard.connected(conn);
                        })
                        .invalidRequestHandler(AttributeServer.this::invalid)
                        .requestHandler(AttributeServer.this::handle);
                servers.add(server);
                return server.listen();
            }
        };
        await(vertx.deployVerticle(instance, new DeploymentOptions().setInstances(instances)), "listen on "
                + config.host() + ":" + options.getPort());
    }

    /**
     * Graceful stop: stops accepting, lets in-flight requests finish (up to the configured grace), then stops
     * Vert.x. The store is the caller's to close.
     */
    @Override
    public void close() {
        long graceMs = config.shutdownGrace().toMillis();
        for (HttpServer s : servers) {
            try {
                await(s.shutdown(graceMs, TimeUnit.MILLISECONDS), "shut down the HTTP server");
            } catch (RuntimeException e) {
                log.warn("graceful shutdown incomplete: {}", e.getMessage());
            }
        }
        try {
            await(vertx.close(), "stop Vert.x");
        } catch (RuntimeException e) {
            log.warn("stopping Vert.x: {}", e.getMessage());
        }
        metrics.close();
    }

    private void handle(HttpServerRequest req) {
        long start = System.nanoTime();
        ConnectionGuard.State conn = guard.stateOf(req.connection());
        if (conn != null) {
            conn.headReceived();
        }
        Route.Match match = Route.match(req.path());
        Route route = match.route();
        if (conn != null && conn.refused()) {
            respondError(req, route, conn, start, new ApiError(503, "too_many_connections",
                    "the server is at its limit of " + config.maxConnections() + " connections; retry later"), true);
            return;
        }
        // Keys first: without one, a caller learns nothing, not even which routes or methods exist.
        if (route.needsApiKey() && config.apiKeys().enabled() && !config.apiKeys().accepts(req.getHeader(ApiKeys.HEADER))) {
            respondError(req, route, conn, start, new ApiError(401, "unauthorized",
                    "missing or unknown API key in header " + ApiKeys.HEADER), false);
            return;
        }
        if (route == Route.UNMATCHED) {
            respondError(req, route, conn, start, new ApiError(404, "not_found",
                    "no route " + req.method() + " " + PlayerIds.printable(req.path()) + "; see /openapi.json"), false);
            return;
        }
        // HEAD is GET without a body (RFC 9110); the HTTP codec drops the body of a HEAD answer.
        boolean headOfGet = req.method().equals(HttpMethod.HEAD) && route.method().equals(HttpMethod.GET);
        if (!req.method().equals(route.method()) && !headOfGet) {
            req.response().putHeader(HttpHeaders.ALLOW, route.method().equals(HttpMethod.GET) ? "GET, HEAD" : route.method().name());
            respondError(req, route, conn, start, new ApiError(405, "method_not_allowed",
                    route.template() + " accepts " + route.method() + " only, not " + req.method()), false);
            return;
        }
        switch (route) {
            case ATTRIBUTE -> serve(req, route, conn, start, config.readsOnWorker(),
                    () -> api.attribute(PlayerIds.decodePathSegment(match.playerId()), match.attributeName()));
            case ATTRIBUTES -> serve(req, route, conn, start, config.readsOnWorker(),
                    () -> api.attributes(PlayerIds.decodePathSegment(match.playerId())));
            case BATCH_GET -> readBody(req, route, conn, start);
            case READYZ -> serve(req, route, conn, start, config.readsOnWorker(), () -> {
                if (!api.ready()) {
                    throw ApiError.notReady();
                }
                return READY;
            });
            case HEALTHZ -> respond(req, route, conn, start, 200, JSON_TYPE, HEALTHY, false);
            case OPENAPI -> respond(req, route, conn, start, 200, JSON_TYPE, openApi, false);
            // Both list versions from the store, which may touch disk: never on the event loop.
            case STATUS -> serve(req, route, conn, start, true, api::status);
            case METRICS -> vertx.executeBlocking(() -> metrics.scrape(store.liveVersion()), false).onComplete(ar -> {
                if (ar.succeeded()) {
                    respond(req, route, conn, start, 200, PROMETHEUS_TYPE, ar.result().getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
                } else {
                    respondFailure(req, route, conn, start, ar.cause());
                }
            });
            default -> throw new IllegalStateException("unrouted " + route);
        }
    }

    /** Reads a POST body up to the size limit, then answers the batch. */
    /**
     * Reads a batchGet body up to {@code --max-body-bytes}. An oversized body is still read and discarded, up to
     * {@link #DRAIN_LIMIT}, before the 413 goes out: closing a connection while the client is still sending makes
     * the kernel reset it, and the client would never see the answer. Past the drain limit it is closed at once.
     */
    private void readBody(HttpServerRequest req, Route route, ConnectionGuard.State conn, long start) {
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declaredLength = declared == null ? -1 : parseLength(declared);
        if (declaredLength > config.maxBodyBytes() && declaredLength > DRAIN_LIMIT) {
            respondError(req, route, conn, start, tooLarge(), true);
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            if (declaredLength > config.maxBodyBytes()) {
                respondError(req, route, conn, start, tooLarge(), true); // the client waits: nothing in flight
                return;
            }
            req.response().writeContinue();
        }
        if (conn != null) {
            conn.awaitingBody();
        }
        boolean oversized = declaredLength > config.maxBodyBytes();
        Buffer body = Buffer.buffer(declaredLength < 0 || oversized ? 1024 : (int) declaredLength);
        boolean[] rejected = {oversized};
        boolean[] answered = {false};
        long[] received = {0};
        req.handler(chunk -> {
            received[0] += chunk.length();
            if (!rejected[0] && body.length() + chunk.length() > config.maxBodyBytes()) {
                rejected[0] = true;
            }
            if (!rejected[0]) {
                body.appendBuffer(chunk);
            } else if (received[0] > DRAIN_LIMIT && !answered[0]) {
                answered[0] = true;
                respondError(req, route, conn, start, tooLarge(), true);
            }
        });
        req.endHandler(v -> {
            if (conn != null) {
                conn.bodyReceived();
            }
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            if (rejected[0]) {
                respondError(req, route, conn, start, tooLarge(), true);
                return;
            }
            serve(req, route, conn, start, config.readsOnWorker(), () -> api.batchGet(body.getBytes()));
        });
        // A client that goes away mid-body leaves nothing to answer; Vert.x releases the connection.
        req.exceptionHandler(t -> log.debug("request body aborted: {}", t.toString()));
    }

    /** How much of an oversized body is read and discarded so that the 413 reaches the client. */
    private static final long DRAIN_LIMIT = 8L << 20;

    private ApiError tooLarge() {
        return new ApiError(413, "body_too_large", "request body is larger than " + config.maxBodyBytes() + " bytes");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void serve(HttpServerRequest req, Route route, ConnectionGuard.State conn, long start, boolean onWorker,
                       Supplier<byte[]> answer) {
        if (onWorker) {
            vertx.executeBlocking(answer::get, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    respond(req, route, conn, start, 200, JSON_TYPE, ar.result(), false);
                } else {
                    respondFailure(req, route, conn, start, ar.cause());
                }
            });
            return;
        }
        byte[] body;
        try {
            body = answer.get();
        } catch (RuntimeException e) {
            respondFailure(req, route, conn, start, e);
            return;
        }
        respond(req, route, conn, start, 200, JSON_TYPE, body, false);
    }

    private void respondFailure(HttpServerRequest req, Route route, ConnectionGuard.State conn, long start, Throwable t) {
        if (t instanceof ApiError e) {
            respondError(req, route, conn, start, e, false);
            return;
        }
        if (t instanceof StoreUnavailableException e) {
            // The store (e.g. Redis) is down: a clear, retryable 503; the store reconnects on its own.
            log.warn("{} {}: store unavailable: {}", req.method(), PlayerIds.printable(req.uri()), e.getMessage());
            respondError(req, route, conn, start, new ApiError(503, "store_unavailable",
                    "the online store is unavailable: " + e.getMessage()), false);
            return;
        }
        log.error("{} {} failed: {}", req.method(), PlayerIds.printable(req.uri()), t.toString(), t);
        respondError(req, route, conn, start, new ApiError(500, "internal", "internal error; see the server log"), false);
    }

    private void respondError(HttpServerRequest req, Route route, ConnectionGuard.State conn, long start, ApiError e,
                              boolean closeAfter) {
        respond(req, route, conn, start, e.status(), JSON_TYPE, AttributeApi.errorBody(e.code(), e.getMessage()), closeAfter);
    }

    private void respond(HttpServerRequest req, Route route, ConnectionGuard.State conn, long start, int status,
                         CharSequence contentType, byte[] body, boolean closeAfter) {
        HttpServerResponse response = req.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (closeAfter) {
            response.putHeader(HttpHeaders.CONNECTION, CLOSE);
        }
        if (conn != null) {
            conn.responding();
        }
        Future<Void> written = response.end(Buffer.buffer(body));
        if (closeAfter) {
            written.onComplete(v -> req.connection().close());
        }
        metrics.recordRequest(route, status, System.nanoTime() - start);
    }

    /**
     * Requests the HTTP decoder rejected. Same statuses as Vert.x's default handler (414 line too long, 431 headers
     * too large, else 400), but with the API's JSON error body; the connection is closed, as the decoder cannot
     * resynchronise on the rest of the stream. Includes requests {@link StrictFramingDecoder} refuses for their
     * Transfer-Encoding / Content-Length (request smuggling).
     */
    private void invalid(HttpServerRequest req) {
        long start = System.nanoTime();
        ConnectionGuard.State conn = guard.stateOf(req.connection());
        Throwable cause = req.decoderResult().cause();
        ApiError error;
        if (cause instanceof TooLongHttpLineException) {
            error = new ApiError(414, "request_line_too_long",
                    "the request line is longer than " + config.maxInitialLine() + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = new ApiError(431, "headers_too_large",
                    "the request headers are larger than " + config.maxHeaderBytes() + " bytes");
        } else if (cause instanceof StrictFramingDecoder.BadFramingException) {
            error = new ApiError(400, "bad_request", cause.getMessage());
        } else {
            error = new ApiError(400, "bad_request",
                    "malformed HTTP/1.1 request (request line, header syntax, Content-Length or line ends)");
        }
        log.debug("invalid HTTP request from {}: {}", req.remoteAddress(), String.valueOf(cause));
        respondError(req, Route.UNMATCHED, conn, start, error, true);
    }

    private static byte[] openApiDocument() {
        try (InputStream in = AttributeServer.class.getResourceAsStream("/server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("resource /server/openapi.json is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
