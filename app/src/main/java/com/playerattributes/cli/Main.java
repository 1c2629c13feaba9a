package com.playerattributes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/player-attributes}. */
@Command(name = "player-attributes",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Computes per-player attributes from raw game events, publishes them to an online store and serves them over HTTP.",
        subcommands = {
                ComputeCommand.class,
                PublishCommand.class,
                VersionsCommand.class,
                RollbackCommand.class,
                ServeCommand.class,
                GenerateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
