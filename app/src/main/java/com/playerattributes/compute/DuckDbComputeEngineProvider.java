package com.playerattributes.compute;

/** {@code --engine duckdb}, the default. */
public final class DuckDbComputeEngineProvider implements ComputeEngineProvider {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public ComputeEngine create() {
        return new DuckDbComputeEngine();
    }
}
