package com.playerattributes.publish;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A publish that runs out of disk fails cleanly and the live version keeps serving. The store lives on a tiny
 * tmpfs, so the disk really fills up (needs root, as in CI; elsewhere the test is aborted with a reason).
 */
class DiskFullPublishTest {

    @TempDir
    Path tmp;
    private Path mountPoint;

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void aPublishThatFillsTheDiskFailsCleanlyAndTheLiveVersionStillServes() throws Exception {
        mountPoint = Files.createDirectory(tmp.resolve("small-disk"));
        if (run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString()) != 0) {
            mountPoint = null;
            Assumptions.abort("cannot mount a tmpfs here (not root?); CI runs this test as root");
        }
        Path small = TestSnapshots.sample(tmp.resolve("sample"));
        Map<String, PanelRow> expected = TestSnapshots.readParquet(small);
        Path big = tmp.resolve("big");
        SyntheticSnapshot.create(big, 300_000, 1); // ~10 MB in RocksDB: cannot fit in 2 MB

        try (RocksDbStore store = RocksDbStore.open(mountPoint.resolve("store"))) {
            Publisher publisher = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE);
            String live = publisher.publish(small).version().id();

            assertThatThrownBy(() -> publisher.publish(big))
                    .hasMessageContaining("No space left on device");

            assertThat(store.liveVersion().orElseThrow().id()).isEqualTo(live);
            try (LiveVersion version = store.acquireLive().orElseThrow()) {
                for (PanelRow row : expected.values()) {
                    assertThat(TestSnapshots.read(version, row.playerId())).isEqualTo(row);
                }
            }
            // the failed load's files are gone, so the next (smaller) publish fits again
            assertThat(publisher.publish(small).version().live()).isTrue();
        }
        try (RocksDbStore reopened = RocksDbStore.open(mountPoint.resolve("store"))) {
            assertThat(reopened.liveVersion()).isPresent();
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
