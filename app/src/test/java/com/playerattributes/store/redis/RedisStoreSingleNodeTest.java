package com.playerattributes.store.redis;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreUnavailableException;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.playerattributes.store.redis.RedisStoreFixtures.AS_OF;
import static com.playerattributes.store.redis.RedisStoreFixtures.countKeys;
import static com.playerattributes.store.redis.RedisStoreFixtures.playerId;
import static com.playerattributes.store.redis.RedisStoreFixtures.publish;
import static com.playerattributes.store.redis.RedisStoreFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on one redis-server, plus crash and outage behaviour (the server is killed and restarted). */
class RedisStoreSingleNodeTest extends RedisStoreContract {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.singleNode();

    @Override
    RedisServerExtension redis() {
        return redis;
    }

    @Override
    void redirectSet(String key, String value) {
        try (Jedis jedis = redis.node().connect()) {
            jedis.set(key, value);
        }
    }

    @Test
    void redisDyingMidPublishFailsThePublishAndLeavesTheLiveVersionIntact() throws Exception {
        RedisStore store = open();
        StoreVersion live = publish(store, 500, 1);
        Thread.sleep(1100); // the live version is in the AOF (fsync every second)
        AtomicLong written = new AtomicLong();
        OnlineStore.PublishLock lock = store.lockForPublish();
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try (VersionLoad load = store.beginVersion(AS_OF, "doomed");
                 VersionLoad.ChunkWriter writer = load.openChunk(0)) {
                for (int i = 0; ; i++) {
                    PanelRow row = row(i, 2);
                    writer.put(PanelValueCodec.key(row.playerId()), PanelValueCodec.encode(row));
                    written.incrementAndGet();
                }
            }
        });
        while (written.get() < 5000) {
            Thread.sleep(5);
        }
        redis.node().kill();
        try {
            assertThatThrownBy(() -> publishing.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("redis unavailable at " + redis.url());
        } finally {
            redis.node().restart();
        }
        lock.close();

        try (LiveVersion reading = awaitLive(store)) {
            assertThat(reading.version().id()).isEqualTo(live.id());
            assertThat(marker(reading, playerId(499))).isEqualTo(1);
        }
        try (OnlineStore.PublishLock again = store.lockForPublish()) {
            store.cleanUpIncomplete();
        }
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(live.id());
        assertThat(countKeys(nodes(), namespace + ":{v*")).isEqualTo(500);
        StoreVersion next = publish(store, 500, 3);
        Thread.sleep(500); // readers poll the pointer every 200 ms
        try (LiveVersion reading = awaitLive(store)) {
            assertThat(reading.version().id()).isEqualTo(next.id());
            assertThat(marker(reading, playerId(499))).isEqualTo(3);
        }
    }

    @Test
    void anOutageWhileServingThrowsStoreUnavailableAndReadsRecoverWhenRedisReturns() throws Exception {
        RedisStore store = open();
        StoreVersion live = publish(store, 100, 1);
        Thread.sleep(1100); // the live version is in the AOF (fsync every second)
        try (LiveVersion reading = store.acquireLive().orElseThrow()) {
            assertThat(marker(reading, playerId(1))).isEqualTo(1);
        }
        redis.node().kill();
        try {
            assertThatThrownBy(() -> {
                try (LiveVersion reading = store.acquireLive().orElseThrow()) {
                    reading.get(PanelValueCodec.key(playerId(1)));
                }
            }).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("redis unavailable at");
            // Without any read, acquireLive itself reports the outage once the pointer could not be refreshed.
            Thread.sleep(2500);
            assertThatThrownBy(store::acquireLive).isInstanceOf(StoreUnavailableException.class);
        } finally {
            redis.node().restart();
        }
        try (LiveVersion reading = awaitLive(store)) {
            assertThat(reading.version().id()).isEqualTo(live.id());
            assertThat(marker(reading, playerId(1))).isEqualTo(1);
        }
    }

    /** Polls acquireLive until Redis answers again (the store reconnects on its own). */
    private static LiveVersion awaitLive(RedisStore store) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                LiveVersion live = store.acquireLive().orElseThrow();
                live.get(PanelValueCodec.key(playerId(0)));
                return live;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
