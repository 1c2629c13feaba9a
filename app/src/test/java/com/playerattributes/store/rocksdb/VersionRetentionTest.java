package com.playerattributes.store.rocksdb;

import com.playerattributes.bench.SyntheticSnapshot;
import com.playerattributes.publish.ChildJvm;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.Publisher;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class VersionRetentionTest {

    private static Path snapshot(Path dir, long generation) {
        Path out = dir.resolve("gen" + generation);
        SyntheticSnapshot.create(out, 500, generation);
        return out;
    }

    @Test
    void afterASwitchTheLiveVersionAndTheKPreviousOnesAreKeptAndOlderOnesDeleted(@TempDir Path dir) {
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
            Publisher publisher = new Publisher(store, PublishOptions.defaults().withKeepPrevious(2), PublishListener.NONE);
            for (long g = 1; g <= 5; g++) {
                publisher.publish(snapshot(dir, g));
            }
            assertThat(store.versions()).extracting(StoreVersion::id).containsExactly("v000005", "v000004", "v000003");
            assertThat(dir.resolve("store/versions/v000002")).doesNotExist();
            assertThat(dir.resolve("store/versions/v000001")).doesNotExist();
        }
    }

    @Test
    void aVersionPinnedByAReaderInThisProcessIsNotDeletedUntilReleased(@TempDir Path dir) {
        // The reader instance does not poll during the test, so it keeps v1 open as its live version.
        RocksDbStore.Settings noPolling = new RocksDbStore.Settings(8L << 20, Duration.ofHours(1));
        try (RocksDbStore writer = RocksDbStore.open(dir.resolve("store"))) {
            RocksDbStore reader = RocksDbStore.open(dir.resolve("store"), noPolling, Clock.systemUTC());
            Publisher publisher = new Publisher(writer, PublishOptions.defaults().withKeepPrevious(0), PublishListener.NONE);
            publisher.publish(snapshot(dir, 1));
            LiveVersion pinned = reader.acquireLive().orElseThrow();

            publisher.publish(snapshot(dir, 2));
            publisher.publish(snapshot(dir, 3));

            assertThat(writer.versions()).extracting(StoreVersion::id).containsExactly("v000003", "v000001");
            String id = SyntheticSnapshot.playerId(7);
            assertThat(PanelValueCodec.decode(id, pinned.get(PanelValueCodec.key(id))).activeDaysSinceLastPurchase())
                    .isEqualTo(1007L);

            pinned.close();
            reader.close();
            assertThat(writer.retain(0)).containsExactly("v000001");
            assertThat(writer.versions()).extracting(StoreVersion::id).containsExactly("v000003");
        }
    }

    @Test
    void aVersionPinnedByAnotherProcessIsNotDeletedUntilThatProcessLetsGo(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (RocksDbStore writer = RocksDbStore.open(storeDir)) {
            Publisher publisher = new Publisher(writer, PublishOptions.defaults().withKeepPrevious(0), PublishListener.NONE);
            publisher.publish(snapshot(dir, 1));

            Process holder = ChildJvm.start(dir.resolve("holder.log"), PinLiveVersion.class.getName(), storeDir.toString());
            try {
                awaitLine(dir.resolve("holder.log"), "pinned v000001", holder);
                publisher.publish(snapshot(dir, 2));
                assertThat(writer.versions()).extracting(StoreVersion::id).containsExactly("v000002", "v000001");
                assertThat(writer.retain(0)).isEmpty();
            } finally {
                holder.getOutputStream().close(); // tells the holder to release and exit
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(writer.retain(0)).containsExactly("v000001");
            assertThat(storeDir.resolve("versions/v000001")).doesNotExist();
        }
    }

    private static void awaitLine(Path log, String line, Process process) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("holder exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("holder never printed " + line);
    }

    /** Child process main: pins the live version, prints "pinned ID", holds it until stdin closes. */
    public static final class PinLiveVersion {
        public static void main(String[] args) throws Exception {
            try (RocksDbStore store = RocksDbStore.open(Path.of(args[0]));
                 LiveVersion live = store.acquireLive().orElseThrow()) {
                System.out.println("pinned " + live.version().id());
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            }
        }
    }
}
