package com.playerattributes.spark;

import com.playerattributes.cli.Main;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spark-submit entry point: {@code spark-submit --class com.playerattributes.spark.SparkComputeMain
 * player-attributes-spark.jar --events … --out … [--as-of …]}. It runs the ordinary {@code compute} command
 * with {@code --engine spark}, so the flags, checks and snapshot format are exactly those of the CLI.
 */
public final class SparkComputeMain {

    private SparkComputeMain() {
    }

    public static void main(String[] args) {
        int code = Main.commandLine().execute(computeArgs(args));
        // Exit only on failure: a System.exit(0) inside a cluster-mode driver can race Spark's status reporting.
        if (code != 0) {
            System.exit(code);
        }
    }

    static String[] computeArgs(String[] args) {
        List<String> out = new ArrayList<>(List.of("compute"));
        List<String> given = Arrays.asList(args);
        if (!given.isEmpty() && given.get(0).equals("compute")) {
            given = given.subList(1, given.size());
        }
        boolean engineGiven = given.stream().anyMatch(a -> a.equals("--engine") || a.startsWith("--engine="));
        if (!engineGiven) {
            out.add("--engine=spark");
        }
        out.addAll(given);
        return out.toArray(String[]::new);
    }
}
