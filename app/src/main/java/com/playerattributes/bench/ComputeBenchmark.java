package com.playerattributes.bench;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.AttributeQuery;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.compute.SqlDialect;
import com.playerattributes.events.EventFiles;
import com.playerattributes.snapshot.SnapshotStaging;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static com.playerattributes.events.EventValidator.quote;

/**
 * Compares a full {@code compute} run (validation, SQL, Parquet output, checksums, manifest) with plain one-pass
 * {@code GROUP BY player_id} aggregates over the same files, alternating them in one process so machine noise hits
 * all alike. Reports wall time and process CPU time (DuckDB's native threads included); on a shared machine the CPU
 * ratio is the steadier one.
 *
 * <ul>
 *   <li>baseline "columns": one aggregate per input column compute reads (name, player_id, timestamp_utc,
 *       country, deposit_amount, tournament_score): the same bytes decoded, the cheapest work per player.</li>
 *   <li>baseline "count": {@code count(*)} per player, reading player_id only: the cheapest possible pass.</li>
 * </ul>
 * Besides the whole job it times "query": {@code user_panel.sql} alone, its rows folded into a checksum, without
 * validation, output or manifest, to show how much of the job is the SQL.
 *
 * <p>Usage: {@code java -cp app/target/player-attributes.jar com.playerattributes.bench.ComputeBenchmark EVENTS [ROUNDS]}
 */
public final class ComputeBenchmark {

    private static final String COLUMNS_BASELINE = "SELECT count(*), sum(n), max(last_seen), max(country), sum(deposits),"
            + " sum(scores), max(name) FROM (SELECT player_id, count(*) AS n, max(timestamp_utc) AS last_seen,"
            + " max(country) AS country, sum(deposit_amount) AS deposits, sum(tournament_score) AS scores,"
            + " max(name) AS name FROM read_parquet([%s]) GROUP BY player_id)";
    private static final String COUNT_BASELINE =
            "SELECT count(*), sum(n) FROM (SELECT player_id, count(*) AS n FROM read_parquet([%s]) GROUP BY player_id)";

    record Sample(double wallSeconds, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ComputeBenchmark EVENTS_DIR_OR_GLOB [ROUNDS]");
            System.exit(2);
        }
        List<Path> files = EventFiles.resolve(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = Runtime.getRuntime().availableProcessors();
        String list = files.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "));
        Path work = Files.createTempDirectory("compute-bench");
        List<Sample> columns = new ArrayList<>();
        List<Sample> count = new ArrayList<>();
        List<Sample> compute = new ArrayList<>();
        List<Sample> queryOnly = new ArrayList<>();
        String panelQuery = "SELECT count(*), sum(hash(COLUMNS(*))) FROM ("
                + AttributeQuery.render(SqlDialect.DUCKDB, latest(files)) + ")";
        long players = 0;
        try {
            for (int round = 0; round <= rounds; round++) { // round 0 warms the page cache and the JIT
                Sample c = timed(() -> query(String.format(COLUMNS_BASELINE, list), threads));
                Sample n = timed(() -> query(String.format(COUNT_BASELINE, list), threads));
                Sample q = timed(() -> query(DuckDbComputeEngine.createEventsView(files), panelQuery, threads));
                Path out = work.resolve("snapshot-" + round);
                long[] rows = new long[1];
                Sample p = timed(() -> rows[0] = new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC())
                        .run(new ComputeRequest(files, AsOf.parse("latest", null), threads, "8GB"), out).rowCount());
                players = rows[0];
                SnapshotStaging.deleteRecursively(out);
                System.out.printf("round %d: baseline(columns) %.3f s wall %.3f s cpu | baseline(count) %.3f s wall"
                                + " | query %.3f s wall | compute %.3f s wall %.3f s cpu%n", round, c.wallSeconds(),
                        c.cpuSeconds(), n.wallSeconds(), q.wallSeconds(), p.wallSeconds(), p.cpuSeconds());
                if (round > 0) {
                    columns.add(c);
                    count.add(n);
                    compute.add(p);
                    queryOnly.add(q);
                }
            }
        } finally {
            SnapshotStaging.deleteRecursively(work);
        }
        System.out.printf("files=%d players=%d threads=%d rounds=%d load_average=%.1f%n", files.size(), players,
                threads, rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report("baseline(columns)", columns);
        report("baseline(count)", count);
        report("query", queryOnly);
        report("compute", compute);
        System.out.printf("ratio compute/baseline(columns): %.2fx wall, %.2fx cpu%n",
                median(compute, true) / median(columns, true), median(compute, false) / median(columns, false));
        System.out.printf("ratio query/baseline(columns):   %.2fx wall, %.2fx cpu%n",
                median(queryOnly, true) / median(columns, true), median(queryOnly, false) / median(columns, false));
        System.out.printf("ratio compute/baseline(count):   %.2fx wall, %.2fx cpu%n",
                median(compute, true) / median(count, true), median(compute, false) / median(count, false));
    }

    private static void report(String name, List<Sample> samples) {
        System.out.printf("%-18s median %.3f s wall, %.3f s cpu%n", name, median(samples, true), median(samples, false));
    }

    interface Work {
        void run() throws Exception;
    }

    private static Sample timed(Work work) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        return new Sample((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }

    /** Runs a query on a fresh connection, as compute does, and reads its (one-row) result. */
    private static void query(String sql, int threads) throws Exception {
        query(null, sql, threads);
    }

    private static void query(String setup, String sql, int threads) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + threads);
            if (setup != null) {
                st.execute(setup);
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
            }
        }
    }

    /** The as-of compute resolves for {@code latest}: the greatest event time. */
    private static Instant latest(List<Path> files) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(DuckDbComputeEngine.createEventsView(files));
            try (ResultSet rs = st.executeQuery("SELECT max(timestamp_utc) FROM events")) {
                rs.next();
                return rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
            }
        }
    }

    private static double median(List<Sample> samples, boolean wall) {
        List<Double> xs = new ArrayList<>();
        for (Sample s : samples) {
            xs.add(wall ? s.wallSeconds() : s.cpuSeconds());
        }
        Collections.sort(xs);
        int n = xs.size();
        return n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2;
    }
}
