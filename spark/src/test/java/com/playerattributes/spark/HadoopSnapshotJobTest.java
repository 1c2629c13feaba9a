package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.events.InvalidInputException;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object-store path (hdfs://, s3a://, gs://), exercised through Hadoop's file: file system. */
class HadoopSnapshotJobTest {

    @TempDir
    Path dir;

    @Test
    void globOfUrisGivesTheDuckDbPanelWithManifestWrittenLast() throws Exception {
        Path samples = TestSpark.projectRoot().resolve("samples");
        Path out = dir.resolve("remote-snap");
        SnapshotManifest m = new HadoopSnapshotJob(TestSpark.session(), Clock.systemUTC())
                .run(samples.toUri() + "raw-events-*.parquet", AsOf.parse("2024-01-14T00:00:00Z", Instant.now()),
                        out.toUri().toString());

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .allMatch(n -> n.equals("manifest.json") || n.matches("part-\\d{5}\\.parquet"));
        }
        assertThat(SnapshotManifest.read(out)).isEqualTo(m);
        assertThat(m.inputFiles()).extracting(SnapshotManifest.InputFile::path)
                .containsExactly(samples.resolve("raw-events-sample.parquet").toUri().toString()
                        .replace("file:///", "file:/"));
        assertThat(m.inputBytes()).isEqualTo(Files.size(samples.resolve("raw-events-sample.parquet")));
        for (SnapshotManifest.Part part : m.parts()) {
            assertThat(part.sha256()).isEqualTo(SnapshotStaging.sha256(out.resolve(part.file())));
        }

        Path reference = dir.resolve("duck");
        SnapshotManifest duck = new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC()).run(new ComputeRequest(
                List.of(samples.resolve("raw-events-sample.parquet")),
                AsOf.parse("2024-01-14T00:00:00Z", Instant.now()), 2, "1GB"), reference);
        List<PanelRow> expected = PanelSnapshots.rows(reference);
        List<PanelRow> actual = PanelSnapshots.rows(out);
        assertThat(m.rowCount()).isEqualTo(duck.rowCount());
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            EngineEquivalenceTest.assertSame("hadoop job vs duckdb", expected.get(i), actual.get(i));
        }
    }

    @Test
    void badInputLeavesNoOutputBehind() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.parquet"), "not parquet");
        Path out = dir.resolve("never");
        assertThatThrownBy(() -> new HadoopSnapshotJob(TestSpark.session(), Clock.systemUTC())
                .run(bad.toUri().toString(), AsOf.parse("latest", Instant.now()), out.toUri().toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("events file " + bad + ": not a readable Parquet file (");
        assertThat(out).doesNotExist();
    }

    @Test
    void existingOutputIsNeverOverwritten() throws Exception {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("manifest.json"), "{}");
        Path sample = TestSpark.projectRoot().resolve("samples/raw-events-sample.parquet");
        assertThatThrownBy(() -> new HadoopSnapshotJob(TestSpark.session(), Clock.systemUTC())
                .run(sample.toUri().toString(), AsOf.parse("latest", Instant.now()), out.toUri().toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--out " + out.toUri() + ": already exists; snapshots are never overwritten");
        assertThat(Files.readString(out.resolve("manifest.json"))).isEqualTo("{}");
    }
}
