package com.playerattributes.server;

import io.vertx.core.http.HttpMethod;

/** Every route the server answers, with the one method it accepts. The template is also the metrics tag. */
public enum Route {
    ATTRIBUTE(HttpMethod.GET, "/v1/players/{player_id}/attributes/{attribute_name}", true),
    ATTRIBUTES(HttpMethod.GET, "/v1/players/{player_id}/attributes", true),
    BATCH_GET(HttpMethod.POST, "/v1/attributes:batchGet", true),
    STATUS(HttpMethod.GET, "/v1/status", true),
    METRICS(HttpMethod.GET, "/metrics", true),
    OPENAPI(HttpMethod.GET, "/openapi.json", true),
    HEALTHZ(HttpMethod.GET, "/healthz", false),
    READYZ(HttpMethod.GET, "/readyz", false),
    /** Anything else; only used as a metrics tag. */
    UNMATCHED(null, "unmatched", true); // unknown paths are not revealed to callers without a key

    private static final String PLAYERS = "/v1/players/";
    private static final String ATTRIBUTES_SEGMENT = "/attributes";

    private final HttpMethod method;
    private final String template;
    private final boolean needsApiKey;

    Route(HttpMethod method, String template, boolean needsApiKey) {
        this.method = method;
        this.template = template;
        this.needsApiKey = needsApiKey;
    }

    public HttpMethod method() {
        return method;
    }

    public String template() {
        return template;
    }

    /** Health probes stay open so that load balancers need no key; everything else needs one when keys are set. */
    public boolean needsApiKey() {
        return needsApiKey;
    }

    /**
     * A matched route and the raw (still percent-encoded) path parameters.
     *
     * @param playerId      raw player id segment, or null
     * @param attributeName raw attribute name segment, or null
     */
    public record Match(Route route, String playerId, String attributeName) {
    }

    /** Matches a raw request path (no query string); UNMATCHED if no route has this path. */
    public static Match match(String path) {
        switch (path) {
            case "/healthz":
                return new Match(HEALTHZ, null, null);
            case "/readyz":
                return new Match(READYZ, null, null);
            case "/metrics":
                return new Match(METRICS, null, null);
            case "/v1/status":
                return new Match(STATUS, null, null);
            case "/openapi.json":
                return new Match(OPENAPI, null, null);
            case "/v1/attributes:batchGet":
                return new Match(BATCH_GET, null, null);
            default:
                break;
        }
        if (path.startsWith(PLAYERS)) {
            int idEnd = path.indexOf('/', PLAYERS.length());
            if (idEnd >= PLAYERS.length() && path.startsWith(ATTRIBUTES_SEGMENT, idEnd)) {
                String id = path.substring(PLAYERS.length(), idEnd);
                int rest = idEnd + ATTRIBUTES_SEGMENT.length();
                if (rest == path.length()) {
                    return new Match(ATTRIBUTES, id, null);
                }
                if (path.charAt(rest) == '/' && rest + 1 < path.length() && path.indexOf('/', rest + 1) < 0) {
                    return new Match(ATTRIBUTE, id, path.substring(rest + 1));
                }
            }
        }
        return new Match(UNMATCHED, null, null);
    }
}
