package com.playerattributes.publish;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publish in a child JVM is killed with SIGKILL in the middle of its load (the hidden
 * {@code --throttle-rows-per-second} flag makes the load last long enough to hit it).
 */
class PublishCrashTest {

    @Test
    void killingAPublishMidLoadLeavesTheLiveVersionServingAndTheNextPublishSucceeds(@TempDir Path dir) throws Exception {
        Path first = TestSnapshots.sample(dir.resolve("first"));
        Map<String, PanelRow> firstRows = TestSnapshots.readParquet(first);
        Path second = dir.resolve("second");
        SyntheticSnapshot.create(second, 100_000, 2);
        Path storeDir = dir.resolve("store");
        try (RocksDbStore store = RocksDbStore.open(storeDir)) {
            new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(first);
        }

        Process child = ChildJvm.cli(dir.resolve("child.log"), "publish", "--snapshot", second.toString(),
                "--store", storeDir.toString(), "--concurrency", "2", "--throttle-rows-per-second", "10000");
        try {
            awaitSstFile(storeDir.resolve("staging/v000002/sst"), child);
            Thread.sleep(300); // well inside the ~10 s load
            assertThat(child.isAlive()).as("child still loading when killed").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(storeDir.resolve("LIVE")).strip()).isEqualTo("v000001");
        assertThat(storeDir.resolve("staging/v000002")).isDirectory(); // the litter the next publish removes

        try (RocksDbStore store = RocksDbStore.open(storeDir)) {
            assertThat(store.versions()).extracting(StoreVersion::id, StoreVersion::live)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("v000001", true));
            try (LiveVersion live = store.acquireLive().orElseThrow()) {
                firstRows.values().forEach(row -> assertThat(TestSnapshots.read(live, row.playerId())).isEqualTo(row));
            }

            PublishResult next = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(second);

            assertThat(next.version().id()).isEqualTo("v000002");
            assertThat(next.version().rows()).isEqualTo(100_000);
            try (Stream<Path> staging = Files.list(storeDir.resolve("staging"))) {
                assertThat(staging).isEmpty();
            }
            try (LiveVersion live = store.acquireLive().orElseThrow()) {
                assertThat(live.version().id()).isEqualTo("v000002");
                PanelRow row = TestSnapshots.read(live, SyntheticSnapshot.playerId(54_321));
                assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(54_321 % 30 + 2000L);
            }
        }
    }

    private static void awaitSstFile(Path sstDir, Process child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(sstDir)) {
                try (Stream<Path> files = Files.list(sstDir)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".sst"))) {
                        return;
                    }
                }
            }
            if (!child.isAlive()) {
                throw new AssertionError("child publish ended before loading, exit " + child.exitValue());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("child publish never started loading");
    }
}
