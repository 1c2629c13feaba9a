package com.playerattributes.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotStagingTest {

    @TempDir
    Path tmp;

    private static SnapshotManifest manifestOf(List<SnapshotManifest.Part> parts) {
        return new SnapshotManifest(1, java.time.Instant.EPOCH, "instant", 3, 0, List.of(), 0,
                new SnapshotManifest.Engine("test", "1"), java.time.Instant.EPOCH, 0, List.of(), parts);
    }

    @Test
    void nothingIsVisibleAtTheTargetUntilCommit() throws Exception {
        Path target = tmp.resolve("snap");
        try (SnapshotStaging staging = SnapshotStaging.create(target)) {
            Files.writeString(staging.dir().resolve("part-0.parquet"), "abc");
            assertThat(target).doesNotExist();
            SnapshotManifest m = staging.commit(SnapshotStagingTest::manifestOf, p -> 3L);
            assertThat(m.parts()).singleElement().satisfies(part -> {
                assertThat(part.file()).isEqualTo("part-0.parquet");
                assertThat(part.bytes()).isEqualTo(3);
                assertThat(part.rows()).isEqualTo(3);
            });
        }
        assertThat(target.resolve("part-0.parquet")).hasContent("abc");
        assertThat(SnapshotManifest.read(target).parts().get(0).sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void closingWithoutCommitLeavesNoTrace() throws Exception {
        Path target = tmp.resolve("snap");
        try (SnapshotStaging staging = SnapshotStaging.create(target)) {
            Files.writeString(staging.dir().resolve("part-0.parquet"), "abc");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void stagingLeftByADeadProcessIsRemovedByTheNextRun() throws Exception {
        Path litter = Files.createDirectory(tmp.resolve(".snap.staging-123"));
        Files.writeString(litter.resolve(".owner-pid"), "999999999"); // no such process
        Files.writeString(litter.resolve("part-0.parquet"), "half");
        try (SnapshotStaging staging = SnapshotStaging.create(tmp.resolve("snap"))) {
            assertThat(litter).doesNotExist();
        }
    }

    @Test
    void stagingOfALiveProcessIsLeftAlone() throws Exception {
        Path other = Files.createDirectory(tmp.resolve(".snap.staging-456"));
        long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Files.writeString(other.resolve(".owner-pid"), Long.toString(parentPid));
        try (SnapshotStaging staging = SnapshotStaging.create(tmp.resolve("snap"))) {
            assertThat(other).exists();
        }
    }
}
