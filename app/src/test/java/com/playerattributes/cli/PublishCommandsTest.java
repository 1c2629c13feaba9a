package com.playerattributes.cli;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.publish.TestSnapshots;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** publish, versions and rollback as an operator runs them: exit codes, the summary line, one-line errors. */
class PublishCommandsTest {

    @TempDir
    static Path shared;
    static Path snapshot;

    @BeforeAll
    static void computeSample() {
        snapshot = TestSnapshots.sample(shared.resolve("snapshot"));
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }

    @Test
    void publishPrintsOneSummaryLineWithRowsBytesSecondsRateAndTheLiveVersion(@TempDir Path dir) {
        Run r = run("publish", "--snapshot", snapshot.toString(), "--store", dir.resolve("store").toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("published " + java.util.regex.Pattern.quote(snapshot.toString())
                + ": 1,000 rows, [0-9.]+ KiB, [0-9.]+ s, [0-9,]+ rows/s; live version: v000001"
                + " \\(as of 2024-01-16T23:59:50Z\\)\\n");
    }

    @Test
    void aMistypedSnapshotPathIsOneLineAndCreatesNoStore(@TempDir Path dir) {
        Path store = dir.resolve("store");
        Run r = run("publish", "--snapshot", dir.resolve("no-such-snapshot").toString(), "--store", store.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: --snapshot " + dir.resolve("no-such-snapshot") + ": not a directory\n");
        assertThat(store).doesNotExist();
    }

    @Test
    void versionsMarksTheLiveVersionAndRollbackSwitchesBack(@TempDir Path dir) {
        String store = dir.resolve("store").toString();
        run("publish", "--snapshot", snapshot.toString(), "--store", store);
        run("publish", "--snapshot", snapshot.toString(), "--store", store);

        Run versions = run("versions", "--store", store);
        assertThat(versions.exit()).isZero();
        String[] lines = versions.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("LIVE VERSION    AS OF");
        assertThat(lines[1]).matches("\\*\\s+v000002\\s+2024-01-16T23:59:50Z\\s+1,000\\s+.*");
        assertThat(lines[2]).matches("\\s+v000001\\s+2024-01-16T23:59:50Z\\s+1,000\\s+.*");

        Run rollback = run("rollback", "--store", store);
        assertThat(rollback.exit()).isZero();
        assertThat(rollback.out()).isEqualTo("live version: v000001 (as of 2024-01-16T23:59:50Z, 1,000 rows)\n");
        assertThat(run("versions", "--store", store).out().split("\n")[2]).startsWith("*    v000001");
    }

    @Test
    void aGateFailureIsOneErrorLineNamingTheCheckAndExitCodeOne(@TempDir Path dir) {
        String store = dir.resolve("store").toString();
        SyntheticSnapshot.create(dir.resolve("big"), 1_000, 1);
        SyntheticSnapshot.create(dir.resolve("small"), 500, 2);
        run("publish", "--snapshot", dir.resolve("big").toString(), "--store", store);

        Run refused = run("publish", "--snapshot", dir.resolve("small").toString(), "--store", store);

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: gate check 'shrink guard' failed: 500 rows is 50.0% fewer than"
                + " the 1000 of live version v000001, more than --max-shrink-percent 10; pass --allow-shrink to"
                + " publish anyway; the live version is unchanged\n");
        assertThat(run("publish", "--snapshot", dir.resolve("small").toString(), "--store", store,
                "--allow-shrink").exit()).isZero();
    }

    @Test
    void anOutOfRangeFlagIsOneErrorLineAndExitCodeOne(@TempDir Path dir) {
        Run refused = run("publish", "--snapshot", snapshot.toString(), "--store", dir.resolve("store").toString(),
                "--max-shrink-percent", "101");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: --max-shrink-percent must be between 0 and 100, got 101.0\n");
    }

    @Test
    void aMissingSnapshotIsOneErrorLineNamingTheFlag(@TempDir Path dir) {
        Run r = run("publish", "--snapshot", dir.resolve("nope").toString(), "--store", dir.resolve("store").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: --snapshot " + dir.resolve("nope") + ": not a directory\n");
    }

    @Test
    void aStoreDirectoryThatHoldsSomethingElseIsRefused(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("unrelated.txt"), "x");

        Run r = run("versions", "--store", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: --store " + dir
                + ": not a player-attributes store (not empty, and no versions/ directory)\n");
    }

    @Test
    void versionsAndRollbackOnAMissingStoreAreRefusedWithoutCreatingIt(@TempDir Path dir) {
        Path missing = dir.resolve("typo");
        for (String command : new String[] {"versions", "rollback"}) {
            Run r = run(command, "--store", missing.toString());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: --store " + missing + ": no store there (no such directory)\n");
        }
        assertThat(missing).doesNotExist();
    }
}
