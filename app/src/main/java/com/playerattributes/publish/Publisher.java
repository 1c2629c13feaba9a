package com.playerattributes.publish;

import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a snapshot into any {@link OnlineStore}: takes the store's publish lock, removes leftovers of crashed
 * publishes, runs the {@link PublishGate}, loads key-range chunks in parallel (a failed chunk is retried), seals
 * the version, switches it live and applies retention. Any failure before the switch leaves the live version as
 * it was.
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final int REPORT_EVERY_ROWS = 4096;
    private static final long ROWS_PER_CHUNK = 1_000_000;

    private final OnlineStore store;
    private final PublishOptions options;
    private final PublishGate gate;
    private final PublishListener listener;

    public Publisher(OnlineStore store, PublishOptions options, PublishListener listener) {
        this.store = store;
        this.options = options;
        this.gate = new PublishGate(options.maxShrinkPercent(), options.allowShrink());
        this.listener = listener;
    }

    /**
     * The snapshot's manifest, or a one-line error if {@code snapshotDir} is not a snapshot; callers check this
     * before opening a store, so a mistyped path creates nothing.
     */
    public static SnapshotManifest readSnapshot(Path snapshotDir) {
        Path dir = snapshotDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--snapshot " + snapshotDir + ": not a directory");
        }
        return SnapshotManifest.read(dir);
    }

    public PublishResult publish(Path snapshotDir) {
        long started = System.nanoTime();
        Path dir = snapshotDir.toAbsolutePath().normalize();
        SnapshotManifest manifest = readSnapshot(snapshotDir);
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            store.cleanUpIncomplete();
            Optional<StoreVersion> live = store.liveVersion();
            Path spill = Files.createTempDirectory("player-attributes-publish-");
            try (SnapshotReader reader = new SnapshotReader(dir, manifest, options.concurrency(),
                    options.readerMemoryLimit(), spill)) {
                long gateStart = System.nanoTime();
                gate.checkBeforeLoad(dir, manifest, reader, live);
                log.info("gate passed for {}: {} rows in {} parts ({} ms)", dir, manifest.rowCount(),
                        manifest.parts().size(), (System.nanoTime() - gateStart) / 1_000_000);
                StoreVersion sealed;
                int chunks;
                AtomicInteger retries = new AtomicInteger();
                try (VersionLoad load = store.beginVersion(manifest.asOf(), dir.toString())) {
                    listener.loadStarted(load.versionId(), manifest.rowCount());
                    try {
                        List<String> boundaries = reader.chunkBoundaries(chunkCount(manifest.rowCount()));
                        chunks = boundaries.size() + 1;
                        long loadStart = System.nanoTime();
                        long loaded = loadChunks(reader, load, boundaries, retries);
                        log.info("loaded {} rows in {} chunks ({} ms)", loaded, chunks,
                                (System.nanoTime() - loadStart) / 1_000_000);
                        gate.checkLoadedRows(manifest, loaded);
                    } finally {
                        listener.loadFinished();
                    }
                    long sealStart = System.nanoTime();
                    sealed = load.seal();
                    log.info("sealed version {} ({} ms)", sealed.id(), (System.nanoTime() - sealStart) / 1_000_000);
                }
                store.switchLive(sealed.id());
                List<String> deleted = store.retain(options.keepPrevious());
                StoreVersion now = store.liveVersion().orElse(sealed);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                log.info("version {} of {} is live: {} rows, {} bytes, {} ms{}", now.id(), store.location(),
                        now.rows(), now.bytes(), took.toMillis(),
                        deleted.isEmpty() ? "" : "; removed old versions " + deleted);
                return new PublishResult(now, took, chunks, retries.get(), deleted);
            } finally {
                SnapshotStaging.deleteRecursively(spill);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading snapshot " + dir + ": "
                    + com.playerattributes.events.EventValidator.firstLine(e.getMessage()), e);
        }
    }

    /** At least one chunk per worker; more for big snapshots, so that a retry repeats little work. */
    private int chunkCount(long rows) {
        return (int) Math.max(options.concurrency(), Math.min(1024, rows / ROWS_PER_CHUNK));
    }

    private long loadChunks(SnapshotReader reader, VersionLoad load, List<String> boundaries, AtomicInteger retries) {
        int chunks = boundaries.size() + 1;
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(chunks, options.concurrency()), r -> {
            Thread t = new Thread(r, "publish-worker");
            t.setDaemon(true);
            return t;
        });
        ChunkStop stop = new ChunkStop();
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                int index = i;
                String from = i == 0 ? null : boundaries.get(i - 1);
                String to = i == chunks - 1 ? null : boundaries.get(i);
                results.add(workers.submit(() -> loadChunkWithRetries(reader, load, index, chunks, from, to,
                        retries, stop)));
            }
            long rows = 0;
            for (Future<Long> result : results) {
                try {
                    rows += result.get();
                } catch (ExecutionException e) {
                    stop.stopped = true;
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    stop.stopped = true;
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("publish interrupted", e);
                }
            }
            return rows;
        } finally {
            // Let every worker stop before the caller aborts the load and deletes its files.
            workers.shutdownNow();
            try {
                if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    log.warn("publish workers did not stop within a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Set when the publish is failing anyway, so the other workers stop early. */
    private static final class ChunkStop {
        volatile boolean stopped;
    }

    private long loadChunkWithRetries(SnapshotReader reader, VersionLoad load, int index, int chunks, String from,
                                      String to, AtomicInteger retries, ChunkStop stop) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long[] reported = {0};
            try {
                return loadChunk(reader, load, index, from, to, reported, stop);
            } catch (GateFailedException e) {
                throw e; // the data is wrong; trying again cannot help
            } catch (Exception e) {
                listener.rowsLoaded(-reported[0]);
                if (stop.stopped) {
                    throw new IllegalStateException("chunk " + index + " stopped: another chunk failed", e);
                }
                if (attempt >= options.chunkAttempts()) {
                    throw new ChunkFailedException(index, chunks, attempt, e);
                }
                retries.incrementAndGet();
                log.warn("chunk {} of {} failed (attempt {} of {}), retrying: {}", index + 1, chunks, attempt,
                        options.chunkAttempts(), e.getMessage());
                listener.chunkRetried(index, attempt, e);
                Thread.sleep(100L * attempt);
            }
        }
    }

    /** Loads a chunk in file order, or sorted if the file order turns out not to be key order. */
    private long loadChunk(SnapshotReader reader, VersionLoad load, int index, String from, String to,
                           long[] reported, ChunkStop stop) throws Exception {
        try {
            return loadChunk(reader, load, index, from, to, false, reported, stop);
        } catch (OutOfOrderException e) {
            log.info("chunk {}: snapshot rows are not in player_id order; loading it sorted", index + 1);
            listener.rowsLoaded(-reported[0]);
            reported[0] = 0;
            return loadChunk(reader, load, index, from, to, true, reported, stop);
        }
    }

    private long loadChunk(SnapshotReader reader, VersionLoad load, int index, String from, String to,
                           boolean sorted, long[] reported, ChunkStop stop) throws Exception {
        long throttle = options.throttleRowsPerSecond();
        long startNanos = System.nanoTime();
        try (VersionLoad.ChunkWriter writer = load.openChunk(index)) {
            byte[][] previous = {null};
            reader.streamRange(from, to, sorted, row -> {
                byte[] key = PanelValueCodec.key(row.playerId());
                int order = previous[0] == null ? -1 : Arrays.compareUnsigned(previous[0], key);
                if (order > 0) {
                    throw new OutOfOrderException();
                }
                if (order == 0) {
                    throw PublishGate.duplicatePlayerId(row.playerId());
                }
                writer.put(key, PanelValueCodec.encode(row));
                previous[0] = key;
                long n = writer.rows();
                if (n % REPORT_EVERY_ROWS == 0) {
                    listener.rowsLoaded(n - reported[0]);
                    reported[0] = n;
                    if (stop.stopped) {
                        throw new IllegalStateException("stopped");
                    }
                }
                if (throttle > 0) {
                    throttle(n, throttle, startNanos);
                }
                return true;
            });
            writer.finish();
            listener.rowsLoaded(writer.rows() - reported[0]);
            reported[0] = writer.rows();
            return writer.rows();
        }
    }

    private static void throttle(long rows, long rowsPerSecond, long startNanos) throws InterruptedException {
        long due = startNanos + rows * 1_000_000_000L / rowsPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** The snapshot's file order is not key order; not a failure, the chunk is read again sorted. */
    private static final class OutOfOrderException extends RuntimeException {
        OutOfOrderException() {
            super("rows out of player_id order", null, false, false);
        }
    }

    /** A chunk failed on every attempt. */
    public static final class ChunkFailedException extends RuntimeException {
        ChunkFailedException(int index, int chunks, int attempts, Exception cause) {
            super("chunk " + (index + 1) + " of " + chunks + " failed after " + attempts + " attempts: "
                    + cause.getMessage() + "; the live version is unchanged", cause);
        }
    }
}
