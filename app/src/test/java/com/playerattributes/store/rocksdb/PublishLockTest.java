package com.playerattributes.store.rocksdb;

import com.playerattributes.publish.ChildJvm;
import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishLockTest {

    @Test
    void aSecondPublisherInTheSameProcessIsRefusedUntilTheFirstReleasesTheLock(@TempDir Path dir) {
        try (RocksDbStore first = RocksDbStore.open(dir); RocksDbStore second = RocksDbStore.open(dir)) {
            OnlineStore.PublishLock lock = first.lockForPublish();

            assertThatThrownBy(second::lockForPublish)
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessage("store " + first.root() + " is locked by another publish or rollback (pid "
                            + ProcessHandle.current().pid() + "); try again when it has finished");

            lock.close();
            second.lockForPublish().close();
        }
    }

    @Test
    void aSecondProcessTryingToPublishIntoALockedStoreIsRefusedWithOneClearLine(@TempDir Path dir) throws Exception {
        Path snapshot = TestSnapshots.sample(dir.resolve("snapshot"));
        Path output = dir.resolve("child.log");
        try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"));
             OnlineStore.PublishLock lock = store.lockForPublish()) {
            Process child = ChildJvm.cli(output, "publish", "--snapshot", snapshot.toString(),
                    "--store", store.root().toString());
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(child.exitValue()).isEqualTo(1);
            assertThat(Files.readString(output).strip()).isEqualTo("error: store " + store.root()
                    + " is locked by another publish or rollback (pid " + ProcessHandle.current().pid()
                    + "); try again when it has finished");
            assertThat(store.versions()).isEmpty();
        }
    }
}
