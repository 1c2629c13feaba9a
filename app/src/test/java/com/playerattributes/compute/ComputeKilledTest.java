package com.playerattributes.compute;

import com.playerattributes.publish.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 in the middle of compute leaves no snapshot, and the next run leaves no temporary litter. */
class ComputeKilledTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledComputeLeavesNoSnapshotAndTheNextRunCleansItsLitter() throws Exception {
        // Enough input that the run is still inside DuckDB when it is killed.
        Path events = Files.createDirectory(tmp.resolve("events"));
        for (int i = 0; i < 16; i++) {
            Files.copy(RealSampleCrossCheckTest.SAMPLE, events.resolve("copy-" + i + ".parquet"));
        }
        Path snapshots = Files.createDirectory(tmp.resolve("snapshots"));
        Path out = snapshots.resolve("panel");

        Process child = ChildJvm.cli(tmp.resolve("child.log"), "compute", "--events", events.toString(),
                "--as-of", "latest", "--threads", "1", "--out", out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stagingDirs(snapshots).isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(child.isAlive()).as("compute must still be running when killed; log: %s",
                Files.exists(tmp.resolve("child.log")) ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
        Thread.sleep(200);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks run

        assertThat(out).doesNotExist();
        assertThat(stagingDirs(snapshots)).as("the killed run's staging directory is litter").isNotEmpty();

        PanelFixture.run(List.of(RealSampleCrossCheckTest.SAMPLE), "latest", out);

        assertThat(out.resolve("manifest.json")).exists();
        assertThat(stagingDirs(snapshots)).isEmpty();
        try (Stream<Path> left = Files.list(snapshots)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("panel");
        }
    }

    private static List<Path> stagingDirs(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".staging-")).toList();
        }
    }
}
