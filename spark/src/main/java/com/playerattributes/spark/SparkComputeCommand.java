package com.playerattributes.spark;

import com.playerattributes.cli.ComputeOptions;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.events.InvalidInputException;
import com.playerattributes.snapshot.SnapshotManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code compute} as started by bin/player-attributes with {@code --engine spark} or by spark-submit: the same
 * flags as the CLI's compute, plus Hadoop URIs (hdfs://, s3a://, gs://) for --events and --out.
 */
@Command(name = "compute", mixinStandardHelpOptions = true,
        description = {"Computes the user_panel snapshot on Spark (the CLI's compute command, --engine spark).",
                "--events and --out may also be Hadoop URIs such as s3a://bucket/events/ or gs://bucket/snapshots/s1;"
                        + " the connector jars must be on the classpath (see docs/spark.md)."})
final class SparkComputeCommand implements Callable<Integer> {

    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    @Mixin
    ComputeOptions compute;

    @Option(names = "--out", required = true, paramLabel = "SNAPSHOT_DIR",
            description = "Snapshot directory to create (a local path or a Hadoop URI); it must not exist yet (or be empty).")
    String out;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        SnapshotManifest m;
        if (isUri(out) || isUri(compute.events())) {
            if (!"spark".equals(compute.engine().name())) {
                throw new InvalidInputException("--engine: Hadoop URIs in --events/--out need --engine spark");
            }
            var spark = SparkComputeEngine.newSession(compute.threads());
            try {
                m = new HadoopSnapshotJob(spark, clock).run(compute.events(), compute.asOf(clock.instant()), out);
            } finally {
                spark.stop();
            }
        } else {
            m = new ComputeJob(compute.engine(), clock).run(compute.toRequest(clock.instant()), Path.of(out));
        }
        System.out.printf("snapshot %s: %d players, as of %s, %d input files, %.1f s%n",
                out, m.rowCount(), m.asOf(), m.inputFiles().size(), m.durationMillis() / 1000.0);
        return 0;
    }

    static boolean isUri(String path) {
        return path != null && URI_SCHEME.matcher(path).matches();
    }
}
