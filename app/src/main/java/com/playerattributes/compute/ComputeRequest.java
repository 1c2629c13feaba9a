package com.playerattributes.compute;

import java.util.List;
import java.nio.file.Path;

/**
 * @param eventFiles  the raw event Parquet files (already resolved from a directory or glob)
 * @param asOf        the as-of choice
 * @param threads     worker threads the engine may use
 * @param memoryLimit engine memory limit, e.g. {@code 4GB}; beyond it the engine spills to disk
 */
public record ComputeRequest(List<Path> eventFiles, AsOf asOf, int threads, String memoryLimit) {
    public ComputeRequest {
        eventFiles = List.copyOf(eventFiles);
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
    }
}
