package com.playerattributes.spark;

import com.playerattributes.cli.OneLineErrors;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the Spark engine, for both launchers:
 * {@code bin/player-attributes compute --engine spark …} (local[N]) and
 * {@code spark-submit --class com.playerattributes.spark.SparkComputeMain player-attributes-spark.jar --events … --out …}.
 * It runs {@code compute} with the CLI's flags and {@code --engine spark} unless another engine is named.
 */
public final class SparkComputeMain {

    private SparkComputeMain() {
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkComputeCommand());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        int code = cl.execute(computeArgs(args));
        // Exit only on failure: a System.exit(0) inside a cluster-mode driver can race Spark's status reporting.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The compute flags: a leading {@code compute} word dropped, {@code --engine=spark} added unless given. */
    static String[] computeArgs(String[] args) {
        List<String> given = Arrays.asList(args);
        if (!given.isEmpty() && given.get(0).equals("compute")) {
            given = given.subList(1, given.size());
        }
        List<String> out = new ArrayList<>();
        if (given.stream().noneMatch(a -> a.equals("--engine") || a.startsWith("--engine="))) {
            out.add("--engine=spark");
        }
        out.addAll(given);
        return out.toArray(String[]::new);
    }
}
