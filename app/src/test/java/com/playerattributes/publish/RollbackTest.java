package com.playerattributes.publish;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackTest {

    private static long generationServed(RocksDbStore store) {
        try (LiveVersion live = store.acquireLive().orElseThrow()) {
            String id = SyntheticSnapshot.playerId(42);
            return TestSnapshots.read(live, id).activeDaysSinceLastPurchase() / 1000;
        }
    }

    @Test
    void rollbackSwitchesToThePreviousVersionOrTheOneNamedAndReadersFollow(@TempDir Path dir) {
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            Publisher publisher = new Publisher(store, PublishOptions.defaults(), PublishListener.NONE);
            for (long g = 1; g <= 3; g++) {
                Path snapshot = dir.resolve("gen" + g);
                SyntheticSnapshot.create(snapshot, 1_000, g);
                publisher.publish(snapshot);
            }
            assertThat(generationServed(store)).isEqualTo(3);

            assertThat(Rollback.run(store, Optional.empty()).id()).isEqualTo("v000002");
            assertThat(generationServed(store)).isEqualTo(2);

            assertThat(Rollback.run(store, Optional.of("1")).id()).isEqualTo("v000001");
            assertThat(generationServed(store)).isEqualTo(1);

            assertThat(Rollback.run(store, Optional.of("v000003")).id()).isEqualTo("v000003");
            assertThat(generationServed(store)).isEqualTo(3);
            assertThat(store.versions()).hasSize(3); // rollback deletes nothing
        }
    }

    @Test
    void rollbackRefusesAnUnknownVersionAndHavingNothingOlder(@TempDir Path dir) {
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            assertThatThrownBy(() -> Rollback.run(store, Optional.empty()))
                    .hasMessage("store " + store.location() + " has no live version to roll back from");
            Path snapshot = dir.resolve("gen1");
            SyntheticSnapshot.create(snapshot, 100, 1);
            new Publisher(store, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot);

            assertThatThrownBy(() -> Rollback.run(store, Optional.empty()))
                    .hasMessage("store " + store.location() + ": no version older than the live v000001 to roll back to");
            assertThatThrownBy(() -> Rollback.run(store, Optional.of("v000009")))
                    .hasMessage("--to v000009: no such version in " + store.location() + "; versions: v000001");
            assertThat(store.liveVersion().orElseThrow().id()).isEqualTo("v000001");
        }
    }
}
