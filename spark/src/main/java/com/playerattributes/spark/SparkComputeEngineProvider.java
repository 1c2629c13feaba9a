package com.playerattributes.spark;

import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeEngineProvider;

/** {@code --engine spark}; present only on the spark module's classpath. */
public final class SparkComputeEngineProvider implements ComputeEngineProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ComputeEngine create() {
        return SparkComputeEngine.owningSession();
    }
}
