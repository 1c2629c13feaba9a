package com.playerattributes.bench;

import com.playerattributes.events.EventValidator;
import com.playerattributes.snapshot.SnapshotStaging;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Writes synthetic raw events as Parquet files in the real schema, {@code playersPerFile} players per file.
 * Memory stays bounded by one file's events per thread: each worker appends a file's players into its own
 * in-memory DuckDB database, copies them to Parquet and closes it. Files go to a hidden staging directory beside {@code out} that is
 * renamed into place at the end, so a failed or interrupted run leaves nothing half-written.
 */
public final class EventGenerator {

    /** One row per player with its events as lists: appending lists is ~5x faster than appending event rows. */
    private static final String PLAYER_COLUMNS = "player_id VARCHAR, country VARCHAR, platform VARCHAR, "
            + "kind INTEGER[], day INTEGER[], ts BIGINT[], val DOUBLE[]";
    /** Unnests the player rows into events in the real schema and column order. */
    private static final String EVENTS_SELECT = "SELECT "
            + "[" + String.join(", ", SyntheticPlayers.EVENT_NAMES.stream().map(EventValidator::quote).toList())
            + "][kind + 1] AS name, player_id, make_timestamp(day::BIGINT * 86400000000) AS date_utc, country, platform, "
            + "make_timestamp(ts * 1000000) AS timestamp_utc, "
            + "CASE WHEN kind = " + SyntheticPlayers.PURCHASE + " THEN val END AS deposit_amount, "
            + "CASE WHEN kind = " + SyntheticPlayers.FINISHED + " THEN val END AS tournament_score "
            + "FROM (SELECT player_id, country, platform, unnest(kind) AS kind, unnest(day) AS day, unnest(ts) AS ts, "
            + "unnest(val) AS val FROM %s)";

    private final SyntheticEventModel model;

    public EventGenerator(SyntheticEventModel model) {
        this.model = model;
    }

    /** @param playersDone called with the running total of players written (from worker threads) */
    public GenerateResult run(GenerateRequest request, LongConsumer playersDone) {
        long started = System.nanoTime();
        Path target = request.out().toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new IllegalArgumentException("--out " + request.out() + ": already exists and is not empty");
        }
        SyntheticPlayers players = new SyntheticPlayers(model, request.seed(), request.end(), request.days());
        Path staging = createStaging(target);
        boolean done = false;
        try {
            AtomicLong nextFile = new AtomicLong();
            AtomicLong playersWritten = new AtomicLong();
            AtomicLong events = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(request.threads(), r -> {
                Thread t = new Thread(r, "generate");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < request.threads(); w++) {
                    workers.add(pool.submit(() -> {
                        writeFiles(request, players, staging, nextFile, playersWritten, events, playersDone);
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    await(f);
                }
            } finally {
                pool.shutdownNow();
            }
            moveIntoPlace(staging, target);
            done = true;
            return new GenerateResult(target, request.players(), events.get(), request.files(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("generate: " + EventValidator.firstLine(e.getMessage()), e);
        } finally {
            if (!done) {
                SnapshotStaging.deleteRecursively(staging);
            }
        }
    }

    private void writeFiles(GenerateRequest request, SyntheticPlayers players, Path staging, AtomicLong nextFile,
                            AtomicLong playersWritten, AtomicLong eventCount, LongConsumer playersDone) throws SQLException {
        SyntheticPlayers.PlayerEvents events = new SyntheticPlayers.PlayerEvents();
        long file;
        while ((file = nextFile.getAndIncrement()) < request.files() && !Thread.currentThread().isInterrupted()) {
            long from = file * request.playersPerFile();
            long to = Math.min(request.players(), from + request.playersPerFile());
            // A fresh in-memory database per file: closing it returns all of its memory, so the process stays at
            // one file's worth per thread however many files are written (a reused table kept growing).
            try (DuckDBConnection conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                 Statement st = conn.createStatement()) {
                st.execute("SET threads = 1");
                st.execute("CREATE TABLE players (" + PLAYER_COLUMNS + ")");
                long rows = 0;
                try (DuckDBAppender appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "players")) {
                    for (long p = from; p < to; p++) {
                        players.generate(p, events);
                        int n = events.size;
                        appender.beginRow().append(events.playerId).append(events.country).append(events.platform)
                                .append(Arrays.copyOf(events.kind, n)).append(Arrays.copyOf(events.day, n))
                                .append(Arrays.copyOf(events.timestamp, n)).append(Arrays.copyOf(events.value, n))
                                .endRow();
                        rows += n;
                    }
                }
                Path part = staging.resolve(String.format("events-%06d.parquet", file));
                st.execute("COPY (" + String.format(EVENTS_SELECT, "players") + ") TO " + EventValidator.quote(part.toString())
                        + " (FORMAT parquet, COMPRESSION snappy)");
                eventCount.addAndGet(rows);
            }
            playersDone.accept(playersWritten.addAndGet(to - from));
        }
    }

    private static void await(Future<?> f) throws SQLException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("generate: interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static Path createStaging(Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".generating-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory beside " + target, e);
        }
    }

    private static void moveIntoPlace(Path staging, Path target) {
        try {
            if (Files.exists(target)) {
                Files.delete(target); // checked empty above
            }
            Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move generated files into " + target, e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
