package com.playerattributes.bench;

import java.net.URI;
import java.time.Duration;

/**
 * One open-loop load run.
 *
 * @param baseUrl      server base URL, e.g. {@code http://127.0.0.1:8080}
 * @param fixedPath    if not null, every request is {@code GET fixedPath} (e.g. a static file); mix and players unused
 * @param rate         requests per second, sent on schedule
 * @param duration     how long requests are sent and measured
 * @param warmup       how long requests are sent first, at the same rate, without being measured
 * @param connections  keep-alive connections; requests beyond them wait in the client queue, and that wait counts
 * @param players      where player ids come from (null only with {@code fixedPath})
 * @param mix          which API calls, in what proportions
 * @param drainTimeout how long to wait for outstanding responses after the last send; the rest count as timeouts
 * @param seed         seeds the choice of request kinds and players
 */
public record LoadRequest(URI baseUrl, String fixedPath, double rate, Duration duration, Duration warmup, int connections,
                          PlayerPicker players, RequestMix mix, Duration drainTimeout, long seed) {
    public LoadRequest {
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("--url " + baseUrl + ": expected http://HOST[:PORT]");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be > 0");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be > 0");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be >= 0");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1");
        }
        if (fixedPath == null && players == null) {
            throw new IllegalArgumentException("--players FILE is required unless --path is given");
        }
        if (fixedPath != null && !fixedPath.startsWith("/")) {
            throw new IllegalArgumentException("--path " + fixedPath + ": must start with /");
        }
    }

    public int port() {
        return baseUrl.getPort() > 0 ? baseUrl.getPort() : 80;
    }

    /** The base URL's path without a trailing slash ("" for none), prefixed to every API path. */
    public String pathPrefix() {
        String p = baseUrl.getRawPath();
        if (p == null) {
            return "";
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Measured requests the schedule holds: rate x duration. */
    public long scheduledRequests() {
        return Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
    }
}
