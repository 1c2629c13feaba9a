package com.playerattributes.store;

/**
 * The store cannot be reached right now (e.g. Redis is down or unreachable). Transient: the same call may succeed
 * once the store is back, without reopening it. The server answers 503 for it.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
