package com.playerattributes.bench;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.events.EventFiles;
import com.playerattributes.snapshot.SnapshotStaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static com.playerattributes.events.EventValidator.quote;

/**
 * Compares a full {@code compute} run with the cheapest meaningful DuckDB query over the same files, a plain
 * one-pass {@code GROUP BY player_id} aggregate, alternating the two in one process so machine noise hits both.
 *
 * <p>Usage: {@code java -cp app/target/player-attributes.jar com.playerattributes.bench.ComputeBenchmark EVENTS [ROUNDS]}
 */
public final class ComputeBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ComputeBenchmark EVENTS_DIR_OR_GLOB [ROUNDS]");
            System.exit(2);
        }
        List<Path> files = EventFiles.resolve(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("compute-bench");
        List<Double> baseline = new ArrayList<>();
        List<Double> compute = new ArrayList<>();
        long players = 0;
        try {
            for (int round = 0; round <= rounds; round++) { // round 0 warms the page cache and the JIT
                double b = baselineSeconds(files, threads);
                long start = System.nanoTime();
                Path out = work.resolve("snapshot-" + round);
                players = new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC())
                        .run(new ComputeRequest(files, AsOf.parse("latest", null), threads, "8GB"), out).rowCount();
                double c = (System.nanoTime() - start) / 1e9;
                SnapshotStaging.deleteRecursively(out);
                if (round > 0) {
                    baseline.add(b);
                    compute.add(c);
                }
                System.out.printf("round %d: baseline %.3f s, compute %.3f s%n", round, b, c);
            }
        } finally {
            SnapshotStaging.deleteRecursively(work);
        }
        double mb = median(baseline);
        double mc = median(compute);
        System.out.printf("files=%d players=%d threads=%d%n", files.size(), players, threads);
        System.out.printf("baseline GROUP BY median: %.3f s%n", mb);
        System.out.printf("compute median:           %.3f s%n", mc);
        System.out.printf("ratio compute/baseline:   %.2fx%n", mc / mb);
    }

    /** The reference: one pass, one group per player, a few aggregates, result fully materialised. */
    static double baselineSeconds(List<Path> files, int threads) throws Exception {
        String list = files.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + threads);
            long start = System.nanoTime();
            // The outer aggregates consume every column, so DuckDB cannot prune the inner aggregates away.
            try (ResultSet rs = st.executeQuery("SELECT count(*), sum(n), sum(deposits), max(last_seen) FROM ("
                    + "SELECT player_id, count(*) AS n,"
                    + " sum(deposit_amount) AS deposits, max(timestamp_utc) AS last_seen FROM read_parquet([" + list
                    + "]) GROUP BY player_id)")) {
                rs.next();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
