package com.playerattributes.store.redis;

import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreUnavailableException;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publisher behaviour on one redis-server, including the server dying in the middle of a publish. */
class RedisPublishSingleNodeTest extends RedisPublishContract {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.singleNode();

    @Override
    RedisServerExtension redis() {
        return redis;
    }

    @Test
    void redisKilledAndRestartedMidPublishFailsThePublishAndKeepsTheLiveVersion() throws Exception {
        OnlineStore store = open();
        StoreVersion live = publish(store, generation(1)).version();
        Thread.sleep(1100); // the live version is in the AOF (fsync every second)
        CompletableFuture<?> publishing = CompletableFuture.runAsync(() -> new Publisher(store,
                PublishOptions.defaults().withConcurrency(2).withThrottle(1000), PublishListener.NONE)
                .publish(generation(2)));
        while (valueKeys() <= PLAYERS + 1000) {
            Thread.sleep(20);
        }
        redis.node().kill();
        try {
            assertThatThrownBy(() -> publishing.get(30, TimeUnit.SECONDS))
                    .rootCause().isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
            assertThatThrownBy(() -> publishing.get()).hasMessageContaining("redis unavailable at");
        } finally {
            redis.node().restart();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try (LiveVersion reading = store.acquireLive().orElseThrow()) {
                assertThat(reading.version().id()).isEqualTo(live.id());
                assertThat(generationOf(TestSnapshots.read(reading, SyntheticSnapshot.playerId(77)))).isEqualTo(1);
                break;
            } catch (StoreUnavailableException e) {
                assertThat(System.nanoTime()).as("reads recover").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        Thread.sleep(2100); // the failed publisher's lock, if it could not release it, expires
        StoreVersion next = publish(store, generation(3)).version();
        ((RedisStore) store).awaitDeletions();
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(next.id(), live.id());
        assertThat(valueKeys()).isEqualTo(2L * PLAYERS);
    }

    @Test
    void aPublishProcessKilledMidLoadLeavesTheLiveVersionAndTheNextPublishCleansUp() throws Exception {
        OnlineStore store = open();
        StoreVersion live = publish(store, generation(1)).version();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.playerattributes.cli.Main", "publish",
                "--store", storeUrl(), "--snapshot", generation(2).toString(), "--concurrency", "2",
                "--throttle-rows-per-second", "1000")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (valueKeys() <= PLAYERS) {
                assertThat(child.isAlive()).as("publish child still running").isTrue();
                assertThat(System.nanoTime()).as("child starts loading").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(valueKeys()).isGreaterThan(PLAYERS).isLessThan(2L * PLAYERS);
        try (LiveVersion reading = store.acquireLive().orElseThrow()) {
            assertThat(reading.version().id()).isEqualTo(live.id());
            assertThat(generationOf(TestSnapshots.read(reading, SyntheticSnapshot.playerId(5)))).isEqualTo(1);
        }

        Thread.sleep(2100); // the killed publisher's lock expires (lock-ttl-seconds=2)
        StoreVersion next = publish(store, generation(3)).version();
        assertThat(store.versions()).extracting(StoreVersion::id).containsExactly(next.id(), live.id());
        ((RedisStore) store).awaitDeletions();
        assertThat(valueKeys()).isEqualTo(2L * PLAYERS);
    }
}
