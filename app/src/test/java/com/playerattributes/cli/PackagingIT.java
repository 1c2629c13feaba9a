package com.playerattributes.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of the deployment files, which cannot run here (no Docker engine, no systemd): the jar the
 * Dockerfile copies exists after the build and starts the CLI, and every command line they run is one the CLI
 * accepts. Runs after {@code package} (failsafe), so the jar exists.
 */
class PackagingIT {

    static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    void theJarTheDockerfileCopiesIsBuiltAndRunsTheCli() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) ").matcher(dockerfile);
        assertThat(copy.find()).as("Dockerfile copies the jar from the build stage").isTrue();
        Path jar = ROOT.resolve(copy.group(1));
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
        }
    }

    @Test
    void theDockerfileRunsAsNonRootWithAHealthcheckOnAServedRoute() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER 10001$").contains("HEALTHCHECK").contains("VOLUME [\"/data\"]");
        Matcher health = Pattern.compile("http://127\\.0\\.0\\.1:8080(/\\w+)").matcher(dockerfile);
        assertThat(health.find()).isTrue();
        String openapi = Files.readString(ROOT.resolve("app/src/main/resources/server/openapi.json"));
        assertThat(openapi).contains("\"" + health.group(1) + "\"");
    }

    @Test
    void theDockerfileCommandIsAcceptedByTheCli() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(dockerfile);
        assertThat(cmd.find()).isTrue();
        List<String> args = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(cmd.group(1));
        while (quoted.find()) {
            args.add(quoted.group(1));
        }
        assertParses(args);
    }

    @Test
    void theSystemdUnitCommandIsAcceptedByTheCli() throws Exception {
        String unit = Files.readString(ROOT.resolve("deploy/systemd/player-attributes.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=.* -jar \\S+ (.*)$").matcher(unit);
        assertThat(exec.find()).isTrue();
        assertParses(Arrays.asList(exec.group(1).trim().split("\\s+")));
    }

    @Test
    void theWorkflowAndCiRunTheReadmeTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher test = Pattern.compile("(?m)^(\\./mvnw [^\\n&]*verify)$").matcher(readme);
        assertThat(test.find()).as("README quick start has a test command").isTrue();
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains(test.group(1));
        assertThat(Files.readString(ROOT.resolve(".github/workflows/ci.yml"))).contains(test.group(1));
    }

    private static void assertParses(List<String> args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.hasSubcommand()).isTrue();
        assertThat(parsed.subcommand().errors()).isEmpty();
    }
}
