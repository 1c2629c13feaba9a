package com.playerattributes.server;

import io.vertx.core.http.HttpConnection;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-connection limits Vert.x has no option for: a cap on open connections, and deadlines for a client to send
 * its request head and body (slowloris defence; the plain idle timeout does not catch a client that trickles one
 * byte at a time). A periodic {@link #sweep()} closes connections past their deadline, so the hot path only
 * writes a volatile field.
 */
final class ConnectionGuard {
    /** How long a refused connection may take to send the request it is refused on. */
    private static final long REFUSED_GRACE_NANOS = Duration.ofSeconds(1).toNanos();

    private final ConcurrentHashMap<HttpConnection, State> states = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int maxConnections;
    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;

    ConnectionGuard(int maxConnections, Duration headerTimeout, Duration bodyTimeout) {
        this.maxConnections = maxConnections;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    /** One connection's state; written on its event loop, read by the sweep. */
    final class State {
        private final HttpConnection connection;
        private final boolean refused;
        /** System.nanoTime() by which the client must have sent what we wait for; 0 while we are answering. */
        private volatile long deadline;

        private State(HttpConnection connection, boolean refused) {
            this.connection = connection;
            this.refused = refused;
            this.deadline = System.nanoTime() + (refused ? REFUSED_GRACE_NANOS : headerTimeoutNanos);
        }

        /** Over the connection limit: its first request is answered 503 and the connection closed. */
        boolean refused() {
            return refused;
        }

        void headReceived() {
            deadline = 0;
        }

        void awaitingBody() {
            deadline = System.nanoTime() + bodyTimeoutNanos;
        }

        void bodyReceived() {
            deadline = 0;
        }

        /** Call before ending a response: the next request head is due within the header timeout. */
        void responding() {
            deadline = System.nanoTime() + headerTimeoutNanos;
        }
    }

    /** Registers a new connection; call from the server's connection handler. */
    void connected(HttpConnection connection) {
        int n = open.incrementAndGet();
        State state = new State(connection, n > maxConnections);
        states.put(connection, state);
        connection.closeHandler(v -> {
            if (states.remove(connection) != null) {
                open.decrementAndGet();
            }
        });
    }

    /** The state of a connection, or null if it was not registered (it then gets no limits). */
    State stateOf(HttpConnection connection) {
        return states.get(connection);
    }

    int openConnections() {
        return open.get();
    }

    /** Closes every connection past its deadline. */
    void sweep() {
        long now = System.nanoTime();
        for (State s : states.values()) {
            long d = s.deadline;
            if (d != 0 && now - d > 0) {
                s.deadline = 0;
                s.connection.close();
            }
        }
    }
}
