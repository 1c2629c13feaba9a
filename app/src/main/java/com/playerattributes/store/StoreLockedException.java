package com.playerattributes.store;

/** Another process or thread is publishing into the same store. */
public class StoreLockedException extends RuntimeException {
    public StoreLockedException(String message) {
        super(message);
    }
}
