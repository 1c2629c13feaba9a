package com.playerattributes.cli;

import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.publish.PublishListener;
import com.playerattributes.publish.PublishOptions;
import com.playerattributes.publish.PublishResult;
import com.playerattributes.publish.Publisher;
import com.playerattributes.schedule.RefreshTask;
import com.playerattributes.schedule.RunOutcome;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotRetention;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One refresh: compute a new snapshot directory under the snapshots directory, publish it, then remove the
 * snapshots no kept store version came from. Used by {@code run} once and by {@code serve} on its schedule.
 */
final class ComputeThenPublish implements RefreshTask {
    private static final Logger log = LoggerFactory.getLogger(ComputeThenPublish.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ComputeOptions compute;
    private final OnlineStore store;
    private final PublishOptions publish;
    private final Path snapshots;
    private final PublishListener progress;
    private final Clock clock;

    ComputeThenPublish(ComputeOptions compute, OnlineStore store, PublishOptions publish, Path snapshots,
                       PublishListener progress, Clock clock) {
        this.compute = compute;
        this.store = store;
        this.publish = publish;
        this.snapshots = snapshots.toAbsolutePath().normalize();
        this.progress = progress;
        this.clock = clock;
    }

    /** What one run did. */
    record Report(Path snapshot, SnapshotManifest manifest, PublishResult published, Instant start,
                  Duration compute, Duration total, Instant liveAt, List<Path> snapshotsRemoved) {

        /** From the start of the run to its version going live. */
        Duration freshness() {
            return Duration.between(start, liveAt);
        }

        String summary() {
            StoreVersion v = published.version();
            return String.format("run: %d input files (%s) -> %,d players as of %s; compute %.1f s, publish %.1f s,"
                            + " total %.1f s; version %s is live (%.1f s from run start to live); snapshot %s%s",
                    manifest.inputFiles().size(), PublishResult.humanBytes(manifest.inputBytes()), manifest.rowCount(),
                    manifest.asOf(), compute.toMillis() / 1000.0, published.duration().toMillis() / 1000.0,
                    total.toMillis() / 1000.0, v.id(), freshness().toMillis() / 1000.0, snapshot,
                    snapshotsRemoved.isEmpty() ? "" : "; removed " + snapshotsRemoved.size() + " old snapshot(s)");
        }
    }

    @Override
    public RunOutcome run() {
        Report r = runOnce();
        log.info(r.summary());
        return new RunOutcome(r.published().version().id(), r.published().version().rows(), r.liveAt());
    }

    Report runOnce() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        // Fail before spending minutes on compute if another process is publishing into this store right now.
        try (OnlineStore.PublishLock probe = store.lockForPublish()) {
            Objects.requireNonNull(probe);
        }
        ComputeRequest request = compute.toRequest(start);
        Path dir = newSnapshotDir(start);
        log.info("run: computing {} event file(s) as of {} into {}", request.eventFiles().size(),
                request.asOf().label(), dir);
        SnapshotManifest manifest = new ComputeJob(compute.engine(), clock).run(request, dir);
        Duration computeTook = Duration.ofNanos(System.nanoTime() - t0);
        log.info("run: compute done in {} ms: {} players as of {}; publishing into {}", computeTook.toMillis(),
                manifest.rowCount(), manifest.asOf(), store.location());
        PublishResult published = new Publisher(store, publish, progress).publish(dir);
        Instant liveAt = published.version().publishedAt() != null ? published.version().publishedAt() : clock.instant();
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        Set<Path> keep = new HashSet<>();
        keep.add(dir);
        for (StoreVersion v : store.versions()) {
            if (v.source() != null) {
                keep.add(Path.of(v.source()));
            }
        }
        List<Path> removed = SnapshotRetention.retain(snapshots, keep);
        return new Report(dir, manifest, published, start, computeTook, total, liveAt, removed);
    }

    private Path newSnapshotDir(Instant start) {
        String base = SnapshotRetention.PREFIX + NAME.format(start);
        Path dir = snapshots.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = snapshots.resolve(base + "-" + i);
        }
        return dir;
    }
}
