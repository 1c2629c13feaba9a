package com.playerattributes.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flag &gt; environment &gt; config file &gt; default, for every command, from properties or YAML. */
class ConfigDefaultsTest {

    @TempDir
    Path tmp;

    private static ServeCommand parseServe(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult pr = Main.commandLine(all, env).parseArgs(all);
        return (ServeCommand) pr.subcommand().commandSpec().userObject();
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = Files.writeString(tmp.resolve("pa.properties"), """
                store=/srv/from-file
                as-of=2024-01-01T00:00:00Z
                schedule=0 2 * * *
                port=9000
                keep=5
                """);
        Map<String, String> env = Map.of("PA_AS_OF", "latest", "PA_SCHEDULE", "30m");

        ServeCommand s = parseServe(env, "--config", file.toString(), "--schedule", "1h");
        assertThat(s.schedule).as("flag over env and file").isEqualTo("1h");
        assertThat(s.compute.asOf).as("env over file").isEqualTo("latest");
        assertThat(s.store.location()).as("file over default").isEqualTo("/srv/from-file");
        assertThat(s.port).isEqualTo(9000);
        assertThat(s.publish.keep).isEqualTo(5);
        assertThat(s.host).as("default").isEqualTo("127.0.0.1");
        assertThat(s.runAtStartup).isFalse();
    }

    @Test
    void yamlFilesAndTheConfigPathFromTheEnvironmentWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("pa.yaml"), """
                store: var/store
                events: samples/
                run-at-startup: true
                port: 8181
                """);
        ServeCommand s = parseServe(Map.of("PA_CONFIG", file.toString(), "PA_PORT", "8282"));
        assertThat(s.store.location()).isEqualTo("var/store");
        assertThat(s.compute.hasEvents()).isTrue();
        assertThat(s.runAtStartup).isTrue();
        assertThat(s.port).isEqualTo(8282);
    }

    @Test
    void aRequiredFlagCanComeFromTheEnvironment() {
        ServeCommand s = parseServe(Map.of("PA_STORE", "/data/store"));
        assertThat(s.store.location()).isEqualTo("/data/store");
    }

    @Test
    void anUnknownKeyInTheFileIsAOneLineErrorNamingFileAndKey() throws Exception {
        Path file = Files.writeString(tmp.resolve("pa.properties"), "stroe=/srv/store\n");
        assertThatThrownBy(() -> Main.commandLine(new String[]{"--config", file.toString()}, Map.of()))
                .hasMessage("--config file " + file + ": unknown key 'stroe'; valid keys are the long option names"
                        + " without dashes (see docs/configuration.md)");
        assertThatThrownBy(() -> Main.commandLine(new String[]{"--config", tmp.resolve("missing.yaml").toString()}, Map.of()))
                .hasMessage("--config " + tmp.resolve("missing.yaml") + ": no such file");
    }

    @Test
    void everyOptionOfEveryCommandIsDocumentedWithItsEnvironmentVariableAndKey() throws Exception {
        Path docs = Path.of(System.getProperty("project.root", "..")).resolve("docs/configuration.md");
        String text = Files.readString(docs);
        CommandLine root = Main.commandLine(new String[0], Map.of());
        for (CommandLine sub : root.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                assertThat(text).as("%s %s", sub.getCommandName(), o.longestName())
                        .contains("| `" + o.longestName() + "` | `" + ConfigDefaults.envName(o.longestName()) + "` | `"
                                + ConfigDefaults.key(o.longestName()) + "` |");
            }
        }
    }

    @Test
    void everyDocumentedLiteralDefaultIsTheDefaultTheCodeUses() throws Exception {
        Path docs = Path.of(System.getProperty("project.root", "..")).resolve("docs/configuration.md");
        Map<String, String> documented = new java.util.HashMap<>();
        for (String line : Files.readAllLines(docs)) {
            String[] cells = line.split("\\|");
            if (cells.length > 5 && cells[1].strip().startsWith("`--")) {
                documented.put(cells[1].strip().replace("`", ""), cells[4].strip());
            }
        }
        CommandLine root = Main.commandLine(new String[0], Map.of());
        int checked = 0;
        for (CommandLine sub : root.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String doc = documented.get(o.longestName());
                // Only literal defaults (in backticks) can be compared; "number of cores" etc. are machine-dependent.
                if (doc == null || !doc.startsWith("`") || o.hidden()) {
                    continue;
                }
                String actual = o.defaultValue() != null ? o.defaultValue() : String.valueOf(o.initialValue());
                assertThat(doc.replace("`", "")).as("%s %s default", sub.getCommandName(), o.longestName())
                        .isEqualTo(actual);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
