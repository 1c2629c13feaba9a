package com.playerattributes.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** One local SparkSession for every test class in the fork: starting Spark costs seconds, running it doesn't. */
final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("player-attributes tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** The repository root (surefire passes it; falls back to the parent of the module directory). */
    static Path projectRoot() {
        String root = System.getProperty("project.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }
}
