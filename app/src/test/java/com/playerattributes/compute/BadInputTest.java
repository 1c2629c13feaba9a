package com.playerattributes.compute;

import com.playerattributes.cli.Main;
import com.playerattributes.events.EventValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Unusable input ends `compute` with one clear line naming the file and column, exit code 1, and no snapshot. */
class BadInputTest {

    static final Path SAMPLE = RealSampleCrossCheckTest.SAMPLE;

    @TempDir
    Path tmp;

    record Outcome(int exitCode, String stderr) {
    }

    private Outcome compute(String events) {
        return compute(events, "--as-of", "latest");
    }

    private Outcome compute(String events, String... more) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("compute", "--events", events, "--out", tmp.resolve("out").toString()));
        args.addAll(List.of(more));
        int code = cl.execute(args.toArray(String[]::new));
        return new Outcome(code, err.toString().strip());
    }

    private void assertNoSnapshotAndNoLitter() throws Exception {
        assertThat(tmp.resolve("out")).doesNotExist();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".staging-"));
        }
    }

    private Path sampleWith(String name, String select) throws Exception {
        Path file = tmp.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT " + select + " FROM read_parquet(" + EventValidator.quote(SAMPLE.toString())
                    + ") LIMIT 1000) TO " + EventValidator.quote(file.toString()) + " (FORMAT parquet)");
        }
        return file;
    }

    @Test
    void noMatchingFilesIsReportedWithTheGlob() throws Exception {
        Outcome o = compute(tmp.resolve("nothing-*.parquet").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).startsWith("error: --events ").contains("nothing-*.parquet").contains("no files match");
        assertThat(o.stderr().lines()).hasSize(1);
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void anEmptyDirectoryIsReported() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Outcome o = compute(empty.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains(empty.toString()).contains("no .parquet files");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void aCorruptParquetFileIsNamed() throws Exception {
        Path bad = Files.write(tmp.resolve("corrupt.parquet"), "this is not parquet at all".getBytes());
        Outcome o = compute(bad.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).startsWith("error: events file " + bad).contains("not a readable Parquet file")
                .contains("No magic bytes found");
        assertThat(o.stderr().lines()).hasSize(1);
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void aTruncatedParquetFileIsNamed() throws Exception {
        byte[] full = Files.readAllBytes(SAMPLE);
        Path truncated = Files.write(tmp.resolve("truncated.parquet"), Arrays.copyOf(full, full.length / 2));
        Outcome o = compute(truncated.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).startsWith("error: events file " + truncated);
        assertThat(o.stderr().lines()).hasSize(1);
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void aMissingRequiredColumnIsNamedWithItsFile() throws Exception {
        Path file = sampleWith("no-score.parquet",
                "name, player_id, date_utc, country, platform, timestamp_utc, deposit_amount");
        Outcome o = compute(file.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).isEqualTo("error: events file " + file + ": missing required column 'tournament_score'");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void aColumnOfTheWrongTypeIsNamedWithItsTypes() throws Exception {
        Path file = sampleWith("string-ts.parquet", "name, player_id, date_utc, country, platform,"
                + " CAST(timestamp_utc AS VARCHAR) AS timestamp_utc, deposit_amount, tournament_score");
        Outcome o = compute(file.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).isEqualTo("error: events file " + file
                + ": column 'timestamp_utc' has type VARCHAR, expected TIMESTAMP");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void oneBadFileAmongGoodOnesFailsTheWholeRun() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mixed"));
        Files.copy(SAMPLE, dir.resolve("a-good.parquet"));
        Files.write(dir.resolve("b-bad.parquet"), new byte[] {1, 2, 3});
        Outcome o = compute(dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("b-bad.parquet");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void aWrongTypedFileAmongFilesWithTheSameGoodSchemaIsTheOneNamed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("types"));
        Files.copy(SAMPLE, dir.resolve("a-good.parquet"));
        Files.move(sampleWith("b-bad.parquet", "name, player_id, date_utc, country, platform, timestamp_utc,"
                + " CAST(deposit_amount AS VARCHAR) AS deposit_amount, tournament_score"), dir.resolve("b-bad.parquet"));
        Files.copy(SAMPLE, dir.resolve("c-good.parquet"));
        Outcome o = compute(dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).isEqualTo("error: events file " + dir.resolve("b-bad.parquet")
                + ": column 'deposit_amount' has type VARCHAR, expected DOUBLE");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void anAsOfBeforeEveryEventIsRefusedAsAnEmptyPanel() throws Exception {
        Outcome o = compute(SAMPLE.toString(), "--as-of", "1900-01-01T00:00:00Z");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).isEqualTo("error: --events: no events at or before the as-of 1900-01-01T00:00:00Z in the"
                + " 1 input file(s): the panel would be empty");
        assertNoSnapshotAndNoLitter();
    }

    @Test
    void anUnparseableAsOfNamesTheParameter() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("compute", "--events", SAMPLE.toString(), "--as-of", "yesterday",
                "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: --as-of 'yesterday': expected an ISO-8601 instant");
    }

    @Test
    void anExistingSnapshotIsNeverOverwritten() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("manifest.json"), "{}");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("compute", "--events", SAMPLE.toString(), "--out", out.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("already exists");
        assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo("{}");
    }

    @Test
    void anUnparseableMemoryLimitNamesTheFlag() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("compute", "--events", SAMPLE.toString(), "--memory-limit", "banana",
                "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: --memory-limit 'banana': expected a size such as 512MB or 4GB\n");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMalformedCommandLineIsOneLineWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("compute", "--events", SAMPLE.toString(), "--threads", "abc",
                "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: Invalid value for option '--threads': 'abc' is not an int")
                .endsWith("(see 'player-attributes compute --help')"));
    }
}
