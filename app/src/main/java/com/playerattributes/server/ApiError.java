package com.playerattributes.server;

/**
 * A client-facing failure: HTTP status, a stable machine-readable code and a one-line message. Thrown inside
 * request handling and turned into {@code {"error": {"code": …, "message": …}}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiError notReady() {
        return new ApiError(503, "not_ready", "no live version is loaded yet");
    }

    static ApiError playerNotFound(String playerId) {
        return new ApiError(404, "player_not_found", "unknown player_id: " + PlayerIds.printable(playerId));
    }

    static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }
}
