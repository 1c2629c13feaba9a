package com.playerattributes.schedule;

/** One attempt at a refresh (compute then publish). Throws on failure; the scheduler decides about retrying. */
@FunctionalInterface
public interface RefreshTask {
    RunOutcome run() throws Exception;
}
