package com.playerattributes.store.redis;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreLockedException;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static com.playerattributes.store.redis.RedisStoreFixtures.AS_OF;
import static com.playerattributes.store.redis.RedisStoreFixtures.FAST;
import static com.playerattributes.store.redis.RedisStoreFixtures.countKeys;
import static com.playerattributes.store.redis.RedisStoreFixtures.load;
import static com.playerattributes.store.redis.RedisStoreFixtures.playerId;
import static com.playerattributes.store.redis.RedisStoreFixtures.publish;
import static com.playerattributes.store.redis.RedisStoreFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every Redis deployment must have, run against a single node and a 3-master cluster. Each test
 * works in its own key namespace of the shared server(s).
 */
abstract class RedisStoreContract {
    private static final AtomicLong NAMESPACES = new AtomicLong();

    private final List<RedisStore> opened = new ArrayList<>();
    protected String namespace;

    abstract RedisServerExtension redis();

    /** The store URL without a namespace. */
    String url() {
        return redis().url();
    }

    List<RedisProcess> nodes() {
        return redis().nodes();
    }

    @BeforeEach
    void pickNamespace(TestInfo test) {
        namespace = "t" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RedisStore::close);
    }

    String storeUrl() {
        return url() + "?namespace=" + namespace;
    }

    RedisStore open() {
        RedisStore store = RedisStore.open(RedisLocation.parse(storeUrl()), FAST);
        opened.add(store);
        return store;
    }

    static int marker(LiveVersion live, String player) {
        byte[] value = live.get(PanelValueCodec.key(player));
        assertThat(value).as("value of %s in %s", player, live.version().id()).isNotNull();
        return PanelValueCodec.decode(player, value).scorePerc50Last5Days().intValue();
    }

    @Test
    void roundTripReturnsEveryPlayersValueFromTheLiveVersion() throws Exception {
        RedisStore store = open();
        StoreVersion published = publish(store, 3000, 1);

        assertThat(published.rows()).isEqualTo(3000);
        try (LiveVersion live = store.acquireLive().orElseThrow()) {
            assertThat(live.version().id()).isEqualTo(published.id());
            assertThat(live.version().asOf()).isEqualTo(AS_OF);
            assertThat(live.version().publishedAt()).isNotNull();
            for (int i = 0; i < 3000; i++) {
                PanelRow expected = row(i, 1);
                byte[] value = live.get(PanelValueCodec.key(expected.playerId()));
                assertThat(PanelValueCodec.decode(expected.playerId(), value)).isEqualTo(expected);
            }
            assertThat(live.get(PanelValueCodec.key("nobody"))).isNull();
        }
        List<StoreVersion> versions = store.versions();
        assertThat(versions).hasSize(1);
        StoreVersion listed = versions.get(0);
        assertThat(listed.live()).isTrue();
        assertThat(listed.rows()).isEqualTo(3000);
        assertThat(listed.source()).isEqualTo("marker-1");
        // MEMORY USAGE of a key is more than its bytes: at least key + value per row.
        assertThat(listed.bytes()).isGreaterThan(3000L * 30);
        assertThat(countKeys(nodes(), namespace + ":{" + published.id() + ":*")).isEqualTo(3000);
    }

    @Test
    void nothingIsLiveBeforeTheFirstSwitch() throws Exception {
        RedisStore store = open();
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            load(store, 10, 1, 1);
        }
        assertThat(store.acquireLive()).isEmpty();
        assertThat(store.liveVersion()).isEmpty();
    }

    @Test
    void aVersionThatIsNotSealedCannotGoLiveAndTheLiveOneStays() throws Exception {
        RedisStore store = open();
        StoreVersion first = publish(store, 100, 1);
        try (OnlineStore.PublishLock lock = store.lockForPublish();
             VersionLoad load = store.beginVersion(AS_OF, "half")) {
            VersionLoad.ChunkWriter writer = load.openChunk(0);
            writer.put(PanelValueCodec.key(playerId(1)), PanelValueCodec.encode(row(1, 2)));
            assertThatThrownBy(load::seal).hasMessageContaining("chunk 0").hasMessageContaining("not finished");
            assertThatThrownBy(() -> store.switchLive(load.versionId()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a complete version");
        }
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo(first.id());
        try (LiveVersion live = store.acquireLive().orElseThrow()) {
            assertThat(marker(live, playerId(1))).isEqualTo(1);
        }
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(first.id());
    }

    @Test
    void reopeningAChunkDiscardsWhatItHad() throws Exception {
        RedisStore store = open();
        String id;
        try (OnlineStore.PublishLock lock = store.lockForPublish();
             VersionLoad load = store.beginVersion(AS_OF, "retry")) {
            VersionLoad.ChunkWriter failed = load.openChunk(0);
            for (int i = 0; i < 3; i++) {
                failed.put(PanelValueCodec.key(playerId(i)), PanelValueCodec.encode(row(i, 5)));
            }
            VersionLoad.ChunkWriter retry = load.openChunk(0);
            for (int i = 0; i < 2; i++) {
                retry.put(PanelValueCodec.key(playerId(i)), PanelValueCodec.encode(row(i, 5)));
            }
            retry.finish();
            assertThat(load.seal().rows()).isEqualTo(2);
            id = load.versionId();
            store.switchLive(id);
        }
        try (LiveVersion live = store.acquireLive().orElseThrow()) {
            assertThat(marker(live, playerId(1))).isEqualTo(5);
            assertThat(live.get(PanelValueCodec.key(playerId(2)))).isNull();
        }
        assertThat(countKeys(nodes(), namespace + ":{" + id + ":*")).isEqualTo(2);
    }

    @Test
    void readersSeeWholeVersionsOnlyAndTheSwitchWithinOneSecondUnderLoad() throws Exception {
        RedisStore publisher = open();
        RedisStore reader = open();
        int players = 2000;
        Map<String, Integer> markerOf = new ConcurrentHashMap<>();
        markerOf.put(publish(publisher, players, 1).id(), 1);
        ReadersDuringSwitch.readWhileSwitching(reader, 4, live -> markerOf.get(live.version().id()),
                (live, expected) -> {
                    String player = playerId(ThreadLocalRandom.current().nextInt(players));
                    assertThat(marker(live, player)).isEqualTo(expected);
                },
                () -> {
                    for (int marker = 2; marker <= 4; marker++) {
                        StoreVersion next;
                        try (OnlineStore.PublishLock lock = publisher.lockForPublish()) {
                            next = load(publisher, players, 3, marker);
                            markerOf.put(next.id(), marker);
                            publisher.switchLive(next.id());
                            publisher.retain(1);
                        }
                        ReadersDuringSwitch.awaitSwitch(reader, next.id());
                    }
                });
        // Versions the readers still held were skipped; once their leases are dropped a retain removes them.
        Thread.sleep(500);
        try (OnlineStore.PublishLock lock = publisher.lockForPublish()) {
            publisher.retain(1);
        }
        publisher.awaitDeletions();
        assertThat(publisher.versions()).extracting(StoreVersion::source).containsExactly("marker-4", "marker-3");
    }

    @Test
    void rollbackMakesTheEarlierVersionLiveAgain() throws Exception {
        RedisStore store = open();
        StoreVersion first = publish(store, 200, 1);
        StoreVersion second = publish(store, 200, 2);
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            store.switchLive(first.id());
        }
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo(first.id());
        RedisStore reader = open();
        try (LiveVersion live = reader.acquireLive().orElseThrow()) {
            assertThat(live.version().id()).isEqualTo(first.id());
            assertThat(marker(live, playerId(7))).isEqualTo(1);
        }
        assertThat(store.versions()).extracting(StoreVersion::id, StoreVersion::live)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second.id(), false),
                        org.assertj.core.groups.Tuple.tuple(first.id(), true));
    }

    @Test
    void retainKeepsTheNewestPreviousVersionsAndUnlinksTheKeysOfOlderOnes() throws Exception {
        RedisStore store = open();
        List<StoreVersion> published = new ArrayList<>();
        for (int marker = 1; marker <= 4; marker++) {
            published.add(publish(store, 1500, marker));
        }
        List<String> deleted;
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            deleted = store.retain(1);
        }
        store.awaitDeletions();
        assertThat(deleted).containsExactlyInAnyOrder(published.get(0).id(), published.get(1).id());
        assertThat(store.versions()).extracting(StoreVersion::id)
                .containsExactly(published.get(3).id(), published.get(2).id());
        assertThat(countKeys(nodes(), namespace + ":{" + published.get(0).id() + ":*")).isZero();
        assertThat(countKeys(nodes(), namespace + ":{" + published.get(1).id() + ":*")).isZero();
        assertThat(countKeys(nodes(), namespace + ":{" + published.get(2).id() + ":*")).isEqualTo(1500);
        assertThat(countKeys(nodes(), namespace + ":{ctl}:meta:*")).isEqualTo(2);
    }

    @Test
    void retainSkipsAVersionAReaderStillHoldsAndDeletesItOnceReleased() throws Exception {
        RedisStore store = open();
        RedisStore reader = open();
        StoreVersion first = publish(store, 300, 1);
        LiveVersion held = reader.acquireLive().orElseThrow();
        assertThat(held.version().id()).isEqualTo(first.id());
        publish(store, 300, 2);
        Thread.sleep(400); // the reader follows the switch but keeps its lease on the version it holds

        assertThat(store.retain(0)).isEmpty();
        assertThat(marker(held, playerId(3))).isEqualTo(1);
        held.close();
        Thread.sleep(400); // next poll drops the lease

        assertThat(store.retain(0)).containsExactly(first.id());
        store.awaitDeletions();
        assertThat(countKeys(nodes(), namespace + ":{" + first.id() + ":*")).isZero();
    }

    @Test
    void aSecondPublisherIsLockedOutUntilTheFirstReleases() {
        RedisStore first = open();
        RedisStore second = open();
        OnlineStore.PublishLock lock = first.lockForPublish();
        assertThatThrownBy(second::lockForPublish).isInstanceOf(StoreLockedException.class)
                .hasMessageContaining("another publisher holds the lock").hasMessageContaining("pid ");
        lock.close();
        second.lockForPublish().close();
    }

    @Test
    void theSwitchIsRefusedWhenThePublishLockWasTakenOver() throws Exception {
        RedisStore store = open();
        StoreVersion first = publish(store, 50, 1);
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            StoreVersion next = load(store, 50, 1, 2);
            redirectSet(namespace + ":{ctl}:lock", "someone-else");
            assertThatThrownBy(() -> store.switchLive(next.id())).hasMessageContaining("publish lock");
        }
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo(first.id());
    }

    /** SET through a store-independent client that follows the cluster's redirects. */
    abstract void redirectSet(String key, String value);

    @Test
    void aPublisherKilledMidLoadLeavesTheLiveVersionAndItsLeftoversAreCleanedUp() throws Exception {
        RedisStore store = open();
        StoreVersion live = publish(store, 500, 1);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AbandonedPublishMain.class.getName(), storeUrl())
                .redirectErrorStream(true).start();
        String abandoned;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("child output before it loaded").isNotNull();
            } while (!line.startsWith("loading "));
            abandoned = line.substring("loading ".length());
            child.destroyForcibly().waitFor();
        }
        assertThat(countKeys(nodes(), namespace + ":{" + abandoned + ":*")).isGreaterThan(0);
        try (LiveVersion reading = store.acquireLive().orElseThrow()) {
            assertThat(reading.version().id()).isEqualTo(live.id());
            assertThat(marker(reading, playerId(42))).isEqualTo(1);
        }

        // The dead publisher's lock expires (1.5 s in these tests); then the next publish cleans up.
        OnlineStore.PublishLock lock = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lock == null) {
            try {
                lock = store.lockForPublish();
            } catch (StoreLockedException e) {
                assertThat(System.nanoTime()).as("lock of the killed publisher expires").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        try (OnlineStore.PublishLock held = lock) {
            store.cleanUpIncomplete();
        }
        assertThat(countKeys(nodes(), namespace + ":{" + abandoned + ":*")).isZero();
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(live.id());
    }

    @Test
    void anUnknownUrlParameterIsRejectedByName() {
        assertThatThrownBy(() -> RedisLocation.parse(url() + "?db=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter 'db=3'");
    }
}
