package com.playerattributes.server;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Something else running in the server process (e.g. the refresh scheduler of {@code serve --events}) that adds
 * meters to {@code /metrics} and a field to {@code /v1/status}. The server knows nothing more about it.
 */
public interface ServerExtension extends MeterBinder {

    /** Name of the field added to the {@code /v1/status} object. */
    String statusField();

    /** The field's value as a JSON document; called on a worker thread for each status request. */
    String statusJson();
}
