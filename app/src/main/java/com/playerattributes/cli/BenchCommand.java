package com.playerattributes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.playerattributes.bench.LoadGenerator;
import com.playerattributes.bench.LoadReport;
import com.playerattributes.bench.LoadRequest;
import com.playerattributes.bench.PlayerPicker;
import com.playerattributes.bench.RequestMix;
import com.playerattributes.events.EventValidator;
import com.playerattributes.events.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Open-loop constant-rate HTTP load generator: requests are sent on schedule whether or not earlier ones "
                + "returned, and latency is measured from the intended send time (no coordinated omission).",
                "Send traffic only to servers you run, e.g. on 127.0.0.1."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Server base URL, e.g. http://127.0.0.1:8080.")
    URI url;

    @Option(names = "--rate", required = true, paramLabel = "R", description = "Requests per second.")
    double rate;

    @Option(names = "--duration", required = true, paramLabel = "S", description = "Seconds of sending.")
    double duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "0",
            description = "Seconds of load at the same rate before measuring starts (JIT, caches). Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "32",
            description = "Keep-alive connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--players", paramLabel = "FILE_OR_SNAPSHOT",
            description = "Player ids: a text file with one id per line, or a snapshot directory (its part-*.parquet player_id column). Required unless --path.")
    Path players;

    @Option(names = "--max-players", paramLabel = "N", defaultValue = "1000000",
            description = "Use at most N ids from a snapshot directory (a repeatable random sample). Default: ${DEFAULT-VALUE}.")
    int maxPlayers;

    @Option(names = "--mix", paramLabel = "SPEC", defaultValue = "single=8,all=1,batch=1",
            description = "Request kinds and weights: single (one attribute), all (all attributes), batch (POST batchGet). Default: ${DEFAULT-VALUE}.")
    String mix;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10", description = "Players per batch request. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--zipf", paramLabel = "S",
            description = "Pick players Zipf-distributed with exponent S (e.g. 1.0) instead of uniformly.")
    Double zipf;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Send every request as GET PATH (e.g. /static.json) instead of the API mix.")
    String path;

    @Option(names = "--drain-timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds to wait for outstanding answers after the last send; the rest count as timeouts. Default: ${DEFAULT-VALUE}.")
    double drainTimeout;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the request choices. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PlayerPicker picker = null;
        if (path == null) {
            if (players == null) {
                throw new InvalidInputException("--players FILE is required unless --path is given");
            }
            List<String> ids = Files.isDirectory(players) ? snapshotIds(players, maxPlayers, seed) : readIds(players);
            picker = zipf == null ? PlayerPicker.uniform(ids) : PlayerPicker.zipf(ids, zipf);
        }
        LoadRequest request = new LoadRequest(url, path, rate, seconds(duration, "--duration"),
                warmup == 0 ? Duration.ZERO : seconds(warmup, "--warmup"), connections, picker,
                RequestMix.parse(mix, batchSize), seconds(drainTimeout, "--drain-timeout"), seed);
        LoadReport report = new LoadGenerator(request).run();
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            System.out.print(report.text());
        }
        return 0;
    }

    private static List<String> readIds(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new InvalidInputException("--players " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> snapshotIds(Path snapshot, int max, long seed) {
        String parts = EventValidator.quote(snapshot.resolve("part-*.parquet").toString());
        List<String> ids = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT player_id FROM read_parquet(" + parts + ") WHERE player_id IS NOT NULL"
                     + " USING SAMPLE reservoir(" + max + " ROWS) REPEATABLE (" + (seed & 0x7fffffff) + ")")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new InvalidInputException("--players " + snapshot + ": cannot read player ids from part-*.parquet ("
                    + EventValidator.firstLine(e.getMessage()) + ")", e);
        }
        return ids;
    }

    private static Duration seconds(double s, String option) {
        if (!(s > 0)) {
            throw new IllegalArgumentException(option + " must be > 0");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
