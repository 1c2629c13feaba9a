package com.playerattributes.compute;

import java.nio.file.Path;

/** Runs {@code user_panel.sql} over raw events and writes {@code part-*.parquet} files of the panel. */
public interface ComputeEngine {

    /** Short name recorded in the manifest, e.g. {@code duckdb}. */
    String name();

    /** Engine version recorded in the manifest. */
    String version();

    /**
     * Writes the panel as Parquet parts into {@code outputDir}, sorted by {@code player_id}.
     *
     * @throws com.playerattributes.events.InvalidInputException for unusable input, naming file and column
     */
    ComputeResult compute(ComputeRequest request, Path outputDir);
}
