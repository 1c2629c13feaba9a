package com.playerattributes.cli;

import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A second process that tries to publish into a store whose publish lock is held is refused with one clear line. */
class LockedStoreTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondProcessRunningIntoALockedStoreIsRefusedWithOneLineAndLeavesNothingBehind() throws Exception {
        Path store = tmp.resolve("store");
        Path snapshots = tmp.resolve("snaps");
        try (RocksDbStore online = RocksDbStore.open(store);
             OnlineStore.PublishLock held = online.lockForPublish()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", "--events", CliHarness.SAMPLE.toString(), "--as-of", "latest",
                    "--store", store.toString(), "--snapshots", snapshots.toString())
                    .redirectOutput(tmp.resolve("out.txt").toFile())
                    .redirectError(tmp.resolve("err.txt").toFile())
                    .start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exits").isTrue();
            List<String> err = Files.readAllLines(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(String.join("\n", err)).isEqualTo(1);
            assertThat(err).containsExactly("error: store " + store.toAbsolutePath().normalize()
                    + " is locked by another publish or rollback (pid " + ProcessHandle.current().pid()
                    + "); try again when it has finished");
            assertThat(Files.readString(tmp.resolve("out.txt"))).isEmpty();
            // Refused before compute: no snapshot written, no version started.
            assertThat(snapshots).doesNotExist();
            assertThat(online.versions()).isEmpty();
        }
    }
}
