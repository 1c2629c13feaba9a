package com.playerattributes.cli;

import com.playerattributes.bench.EventGenerator;
import com.playerattributes.bench.GenerateRequest;
import com.playerattributes.bench.GenerateResult;
import com.playerattributes.bench.Progress;
import com.playerattributes.bench.SyntheticEventModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes synthetic raw events (Parquet, the real schema) whose distributions are fitted to real players "
                + "(docs/synthetic-data.md). The same seed gives the same files. A player has about 320 events over 16 days."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--players", required = true, paramLabel = "N", description = "Players to generate.")
    long players;

    @Option(names = "--days", paramLabel = "D", defaultValue = "16",
            description = "Length of the window, in days ending on --end, over which each player's activity is spread."
                    + " It does not change how much a player does: every player still has about 320 events, on days"
                    + " drawn from the window (about 7.5 active days at 16), so fewer days packs the same activity"
                    + " closer. Default: ${DEFAULT-VALUE}"
                    + " (as the real sample).")
    int days;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to create with events-NNNNNN.parquet files; must not exist yet, or be empty.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--end", paramLabel = "DATE", defaultValue = "2024-01-16",
            description = "Last day of the history, ISO date. Default: ${DEFAULT-VALUE} (as the real sample).")
    LocalDate end;

    @Option(names = "--players-per-file", paramLabel = "K", defaultValue = "10000",
            description = "Players per Parquet file (about 320 events each); bounds memory. Default: ${DEFAULT-VALUE}.")
    int playersPerFile;

    @Option(names = "--threads", paramLabel = "N", description = "Files written at once. Default: number of cores (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        GenerateRequest request = new GenerateRequest(players, days, end, seed, out, playersPerFile, threads);
        Progress progress = Progress.onTerminal("players", players);
        GenerateResult r = new EventGenerator(SyntheticEventModel.FITTED).run(request, progress::update);
        System.out.printf("generated %s: %,d players, %,d events, %,d files, %.1f s (%,.0f events/s)%n",
                out, r.players(), r.events(), r.files(), r.durationMillis() / 1000.0,
                r.events() * 1000.0 / Math.max(1, r.durationMillis()));
        return 0;
    }
}
