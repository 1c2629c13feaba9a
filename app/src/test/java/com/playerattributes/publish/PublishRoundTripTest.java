package com.playerattributes.publish;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublishRoundTripTest {

    @TempDir
    static Path shared;
    static Path snapshot;
    static Map<String, PanelRow> expected;

    @BeforeAll
    static void computeSample() throws Exception {
        snapshot = TestSnapshots.sample(shared.resolve("snapshot"));
        expected = TestSnapshots.readParquet(snapshot);
    }

    @Test
    void everyRowReadBackFromTheStoreEqualsTheSnapshotRow(@TempDir Path dir) {
        assertThat(expected).hasSize(1000);
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            PublishResult result = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot);

            assertThat(result.version().rows()).isEqualTo(1000);
            assertThat(result.version().live()).isTrue();
            try (LiveVersion live = store.acquireLive().orElseThrow()) {
                assertThat(live.version().id()).isEqualTo(result.version().id());
                for (PanelRow row : expected.values()) {
                    assertThat(TestSnapshots.read(live, row.playerId())).isEqualTo(row);
                }
                assertThat(TestSnapshots.read(live, "no-such-player")).isNull();
            }
        }
    }

    @Test
    void severalKeyRangeChunksTogetherHoldEveryRowOnce(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("synthetic");
        SyntheticSnapshot.create(big, 30_000, 1);
        Map<String, PanelRow> rows = TestSnapshots.readParquet(big);
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            PublishResult result = new Publisher(store, PublishOptions.defaults().withConcurrency(3),
                    PublishListener.NONE).publish(big);

            assertThat(result.chunks()).isEqualTo(3);
            assertThat(result.version().rows()).isEqualTo(30_000);
            try (LiveVersion live = store.acquireLive().orElseThrow()) {
                for (PanelRow row : rows.values()) {
                    assertThat(TestSnapshots.read(live, row.playerId())).isEqualTo(row);
                }
            }
        }
    }

    @Test
    void versionsListsEachPublishNewestFirstWithTheLiveOneMarked(@TempDir Path dir) {
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            Publisher publisher = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE);
            publisher.publish(snapshot);
            publisher.publish(snapshot);

            assertThat(store.versions()).extracting(StoreVersion::id, StoreVersion::live, StoreVersion::rows)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("v000002", true, 1000L),
                            org.assertj.core.groups.Tuple.tuple("v000001", false, 1000L));
            assertThat(store.versions()).allSatisfy(v -> {
                assertThat(v.asOf()).isEqualTo(java.time.Instant.parse("2024-01-16T23:59:50Z"));
                assertThat(v.publishedAt()).isNotNull();
                assertThat(v.bytes()).isPositive();
            });
        }
    }
}
