package com.playerattributes.compute;

import com.playerattributes.events.InvalidInputException;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the engine named by {@code --engine}. Providers are found with {@link ServiceLoader}, so an optional
 * engine (spark) lives in its own module and is available only when that module is on the classpath.
 */
public interface ComputeEngineProvider {

    /** The {@code --engine} value, e.g. {@code duckdb}. */
    String name();

    ComputeEngine create();

    /** @throws InvalidInputException naming {@code --engine} when no provider on the classpath has that name */
    static ComputeEngine create(String name) {
        List<ComputeEngineProvider> providers = ServiceLoader.load(ComputeEngineProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (ComputeEngineProvider p : providers) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.create();
            }
        }
        if ("spark".equalsIgnoreCase(name)) {
            throw new InvalidInputException("--engine spark: Spark is not on this classpath; run bin/player-attributes"
                    + " after building the spark module (./mvnw -q -DskipTests package)");
        }
        throw new InvalidInputException("--engine " + name + ": unknown engine; available: "
                + String.join(", ", providers.stream().map(ComputeEngineProvider::name).toList()));
    }
}
