package com.playerattributes.publish;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkRetryTest {

    @TempDir
    static Path shared;
    static Path snapshot;
    static Map<String, PanelRow> expected;

    @BeforeAll
    static void snapshot() throws Exception {
        snapshot = shared.resolve("snapshot");
        SyntheticSnapshot.create(snapshot, 20_000, 1);
        expected = TestSnapshots.readParquet(snapshot);
    }

    @Test
    void aChunkThatFailsOnceIsRetriedAndThePublishSucceedsWithEveryRow(@TempDir Path dir) {
        try (RocksDbStore rocks = RocksDbStore.open(dir.resolve("store"))) {
            FlakyStore flaky = new FlakyStore(rocks, 1, 1); // chunk index 1 fails on its first attempt
            PublishResult result = new Publisher(flaky, PublishOptions.defaults().withConcurrency(2),
                    PublishListener.NONE).publish(snapshot);

            assertThat(result.retries()).isEqualTo(1);
            assertThat(flaky.attempts.get(1)).hasValue(2);
            assertThat(flaky.attempts.get(0)).hasValue(1);
            assertThat(result.version().rows()).isEqualTo(20_000);
            try (LiveVersion live = rocks.acquireLive().orElseThrow()) {
                expected.values().forEach(row -> assertThat(TestSnapshots.read(live, row.playerId())).isEqualTo(row));
            }
        }
    }

    @Test
    void aChunkThatFailsOnEveryAttemptFailsThePublishAndLeavesTheLiveVersion(@TempDir Path dir) throws Exception {
        try (RocksDbStore rocks = RocksDbStore.open(dir.resolve("store"))) {
            new Publisher(rocks, PublishOptions.defaults(), PublishListener.NONE).publish(snapshot);
            FlakyStore flaky = new FlakyStore(rocks, 0, Integer.MAX_VALUE);

            assertThatThrownBy(() -> new Publisher(flaky, PublishOptions.defaults().withConcurrency(2),
                    PublishListener.NONE).publish(snapshot))
                    .isInstanceOf(Publisher.ChunkFailedException.class)
                    .hasMessage("chunk 1 of 2 failed after 3 attempts: injected failure in chunk 0;"
                            + " the live version is unchanged");
            assertThat(flaky.attempts.get(0)).hasValue(3);
            assertThat(rocks.versions()).extracting(StoreVersion::id).containsExactly("v000001");
            assertThat(rocks.liveVersion().orElseThrow().id()).isEqualTo("v000001");
            try (var staging = Files.list(rocks.root().resolve("staging"))) {
                assertThat(staging).isEmpty();
            }
        }
    }

    /** Delegates to a real store; chunk {@code failingChunk} throws midway through its first {@code failures} attempts. */
    static final class FlakyStore implements OnlineStore {
        final OnlineStore delegate;
        final int failingChunk;
        final int failures;
        final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();

        FlakyStore(OnlineStore delegate, int failingChunk, int failures) {
            this.delegate = delegate;
            this.failingChunk = failingChunk;
            this.failures = failures;
        }

        @Override
        public VersionLoad beginVersion(Instant asOf, String source) {
            VersionLoad load = delegate.beginVersion(asOf, source);
            return new VersionLoad() {
                @Override
                public String versionId() {
                    return load.versionId();
                }

                @Override
                public ChunkWriter openChunk(int index) {
                    int attempt = attempts.computeIfAbsent(index, i -> new AtomicInteger()).incrementAndGet();
                    ChunkWriter writer = load.openChunk(index);
                    boolean fail = index == failingChunk && attempt <= failures;
                    return new ChunkWriter() {
                        @Override
                        public void put(byte[] key, byte[] value) {
                            if (fail && writer.rows() == 5000) {
                                throw new IllegalStateException("injected failure in chunk " + index);
                            }
                            writer.put(key, value);
                        }

                        @Override
                        public long rows() {
                            return writer.rows();
                        }

                        @Override
                        public void finish() {
                            writer.finish();
                        }

                        @Override
                        public void close() {
                            writer.close();
                        }
                    };
                }

                @Override
                public StoreVersion seal() {
                    return load.seal();
                }

                @Override
                public void abort() {
                    load.abort();
                }

                @Override
                public void close() {
                    load.close();
                }
            };
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public PublishLock lockForPublish() {
            return delegate.lockForPublish();
        }

        @Override
        public void cleanUpIncomplete() {
            delegate.cleanUpIncomplete();
        }

        @Override
        public void switchLive(String versionId) {
            delegate.switchLive(versionId);
        }

        @Override
        public List<StoreVersion> versions() {
            return delegate.versions();
        }

        @Override
        public Optional<StoreVersion> liveVersion() {
            return delegate.liveVersion();
        }

        @Override
        public List<String> retain(int keepPrevious) {
            return delegate.retain(keepPrevious);
        }

        @Override
        public Optional<LiveVersion> acquireLive() {
            return delegate.acquireLive();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
