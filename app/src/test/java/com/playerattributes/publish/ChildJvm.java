package com.playerattributes.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the CLI (or another main class of the test classpath) in a separate JVM, as an operator would. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Process cli(Path log, String... args) throws IOException {
        return start(log, "com.playerattributes.cli.Main", args);
    }

    public static Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
