package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.PanelSchema;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spark snapshot has exactly the layout of a DuckDB snapshot, and goes through the ordinary publish (checksums,
 * schema, row count, null/duplicate player_id gate, RocksDB load) of the app's own jar, in its own JVM: the app's
 * RocksDB 10 never meets Spark's classpath.
 */
class SparkSnapshotFormatTest {

    @TempDir
    Path dir;

    @Test
    void partsAreTheSixPanelColumnsGloballySortedByPlayerIdAndPublishWithTheOrdinaryPublish() throws Exception {
        SparkSession spark = TestSpark.session();
        Path sample = TestSpark.projectRoot().resolve("samples/raw-events-sample.parquet");
        Path out = dir.resolve("snap");
        // Without coalescing, the 4 shuffle partitions stay 4 key ranges, so ordering across parts is tested.
        spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
        SnapshotManifest m;
        try {
            m = new ComputeJob(SparkComputeEngine.using(spark), Clock.systemUTC()).run(
                    new ComputeRequest(List.of(sample), AsOf.parse("latest", Instant.now()), 2, "1GB"), out);
        } finally {
            spark.conf().unset("spark.sql.adaptive.coalescePartitions.enabled");
        }

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "manifest.json", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet",
                    "part-00003.parquet");
        }
        assertThat(m).isEqualTo(SnapshotManifest.read(out));
        assertThat(m.engine().name()).isEqualTo("spark");
        assertThat(m.engine().version()).isEqualTo(spark.version()).isEqualTo("4.0.4");
        assertThat(m.parts()).extracting(SnapshotManifest.Part::file)
                .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet");
        long rows = 0;
        for (SnapshotManifest.Part part : m.parts()) {
            Path file = out.resolve(part.file());
            assertThat(PanelSnapshots.columnTypes(file)).as(part.file()).containsExactlyEntriesOf(PanelSchema.columns());
            assertThat(part.sha256()).isEqualTo(SnapshotStaging.sha256(file));
            assertThat(part.bytes()).isEqualTo(Files.size(file));
            rows += part.rows();
        }
        assertThat(rows).isEqualTo(m.rowCount()).isEqualTo(1000);

        List<PanelRow> all = PanelSnapshots.rows(out);
        assertThat(all).hasSize(1000);
        for (int i = 1; i < all.size(); i++) {
            byte[] previous = all.get(i - 1).playerId().getBytes(StandardCharsets.UTF_8);
            byte[] current = all.get(i).playerId().getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.compareUnsigned(previous, current)).as("row %d after row %d", i, i - 1).isNegative();
        }

        Path appJar = TestSpark.projectRoot().resolve("app/target/player-attributes.jar");
        assertThat(appJar).as("the app jar (built before this module in the reactor)").isRegularFile();
        Path log = dir.resolve("publish.log");
        Process publish = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", appJar.toString(), "publish", "--snapshot", out.toString(),
                "--store", dir.resolve("store").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(publish.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(publish.exitValue()).as(output).isZero();
        assertThat(output).contains("published ").contains("1,000 rows");
    }
}
