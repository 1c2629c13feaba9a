package com.playerattributes.store.redis;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.cli.StoreOption;
import com.playerattributes.publish.GateFailedException;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.publish.Rollback;
import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RocksDB store's behavioural tests, run through the generic {@link Publisher} and the CLI's store selection
 * against Redis: round trip, gate, switch under load and rollback (a publish killed midway: single node only,
 * to keep the suite fast; the cluster runs the store-level killed-publisher test).
 */
abstract class RedisPublishContract {
    static final int PLAYERS = 12_000; // above 10,000 so the Publisher loads several chunks
    private static final AtomicLong NAMESPACES = new AtomicLong();

    @TempDir
    static Path snapshots;
    static Path sample;
    static Map<String, PanelRow> sampleRows;

    private final List<OnlineStore> opened = new ArrayList<>();
    String namespace;

    abstract RedisServerExtension redis();

    @BeforeAll
    static void writeSnapshots() throws Exception {
        sample = TestSnapshots.sample(snapshots.resolve("sample"));
        sampleRows = TestSnapshots.readParquet(sample);
        for (int generation = 1; generation <= 3; generation++) {
            SyntheticSnapshot.create(generation(generation), PLAYERS, generation);
        }
        SyntheticSnapshot.create(snapshots.resolve("shrunk"), PLAYERS / 2, 9);
    }

    static Path generation(int g) {
        return snapshots.resolve("gen-" + g);
    }

    /** The generation a synthetic row was written by (see {@link SyntheticSnapshot}). */
    static long generationOf(PanelRow row) {
        return row.activeDaysSinceLastPurchase() / 1000;
    }

    @BeforeEach
    void pickNamespace() {
        namespace = "p" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(OnlineStore::close);
    }

    String storeUrl() {
        return redis().url() + "?namespace=" + namespace + "&lock-ttl-seconds=2";
    }

    OnlineStore open() {
        OnlineStore store = StoreOption.open(storeUrl());
        opened.add(store);
        return store;
    }

    static PublishResult publish(OnlineStore store, Path snapshot) {
        return new Publisher(store, PublishOptions.defaults().withConcurrency(2), PublishListener.NONE)
                .publish(snapshot);
    }

    long valueKeys() {
        return RedisStoreFixtures.countKeys(redis().nodes(), namespace + ":{v*");
    }

    @Test
    void everyRowOfTheSampleReadsBackThroughTheStoreSelectedByUrl() {
        OnlineStore store = open();
        assertThat(store).isInstanceOf(RedisStore.class);
        PublishResult result = publish(store, sample);

        assertThat(result.version().rows()).isEqualTo(1000);
        try (LiveVersion live = store.acquireLive().orElseThrow()) {
            for (PanelRow row : sampleRows.values()) {
                assertThat(TestSnapshots.read(live, row.playerId())).isEqualTo(row);
            }
            assertThat(TestSnapshots.read(live, "no-such-player")).isNull();
        }
        assertThat(valueKeys()).isEqualTo(1000);
    }

    @Test
    void aSnapshotTheGateRefusesNeverReachesRedisAndTheLiveVersionStays() {
        OnlineStore store = open();
        StoreVersion live = publish(store, generation(1)).version();

        assertThatThrownBy(() -> publish(store, snapshots.resolve("shrunk")))
                .isInstanceOf(GateFailedException.class).hasMessageContaining("shrink");
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo(live.id());
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(live.id());
        assertThat(valueKeys()).isEqualTo(PLAYERS);
    }

    @Test
    void readersSeeWholeVersionsOnlyWhilePublishesSwitchUnderLoad() throws Exception {
        OnlineStore publisher = open();
        OnlineStore reader = open();
        publish(publisher, generation(1));
        List<String> players = sampleIds();
        ReadersDuringSwitch.readWhileSwitching(reader, 3,
                live -> Long.parseLong(live.version().source().replaceAll(".*gen-", "")),
                (live, expected) -> {
                    String id = players.get(ThreadLocalRandom.current().nextInt(players.size()));
                    assertThat(generationOf(TestSnapshots.read(live, id))).isEqualTo(expected);
                },
                () -> {
                    for (int g = 2; g <= 3; g++) {
                        ReadersDuringSwitch.awaitSwitch(reader, publish(publisher, generation(g)).version().id());
                    }
                });
    }

    private static List<String> sampleIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PLAYERS; i += 7) {
            ids.add(SyntheticSnapshot.playerId(i));
        }
        return ids;
    }

    @Test
    void rollbackSwitchesReadersBackToThePreviousVersion() throws Exception {
        OnlineStore store = open();
        StoreVersion first = publish(store, generation(1)).version();
        publish(store, generation(2));

        StoreVersion now = Rollback.run(store, Optional.empty());

        assertThat(now.id()).isEqualTo(first.id());
        OnlineStore reader = open();
        try (LiveVersion live = reader.acquireLive().orElseThrow()) {
            assertThat(live.version().id()).isEqualTo(first.id());
            assertThat(generationOf(TestSnapshots.read(live, SyntheticSnapshot.playerId(123)))).isEqualTo(1);
        }
    }
}
