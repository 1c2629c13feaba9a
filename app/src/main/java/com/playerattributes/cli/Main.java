package com.playerattributes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.Map;

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
                RunCommand.class,
                ServeCommand.class,
                GenerateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read before parsing by {@link ConfigDefaults#from}; declared here so every command accepts and documents it. */
    @CommandLine.Option(names = ConfigDefaults.CONFIG_OPTION, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Config file (.properties, or .yaml/.yml) whose keys are long option names without dashes, e.g."
                    + " 'as-of=latest'. Precedence: flag > environment (PA_AS_OF) > file > default. See docs/configuration.md.")
    Path config;

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine(args, System.getenv()).execute(args);
        } catch (RuntimeException e) {
            // A config file that cannot be read: same one-line form as any other error.
            System.err.println("error: " + e.getMessage());
            exit = 1;
        }
        System.exit(exit);
    }

    /** The configured command line with defaults from the environment only; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return commandLine(new String[0], System.getenv());
    }

    /** The configured command line, with defaults from {@code env} and the config file named in {@code args}. */
    public static CommandLine commandLine(String[] args, Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main());
        OneLineErrors errors = new OneLineErrors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ConfigDefaults defaults = ConfigDefaults.from(args, env);
        cl.setDefaultValueProvider(defaults);
        defaults.checkKeys(cl);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
