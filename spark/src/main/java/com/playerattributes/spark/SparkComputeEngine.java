package com.playerattributes.spark;

import com.playerattributes.compute.AttributeQuery;
import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.ComputeResult;
import com.playerattributes.compute.SqlDialect;
import com.playerattributes.snapshot.PanelSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;

/**
 * Runs the shared {@code user_panel.sql} on Spark SQL and writes the same snapshot parts as the DuckDB engine:
 * the six panel columns, zstd Parquet, globally sorted by {@code player_id} across {@code part-NNNNN.parquet}.
 */
public final class SparkComputeEngine implements ComputeEngine {

    private static final Logger log = LoggerFactory.getLogger(SparkComputeEngine.class);
    /** Spark writes here first (inside the staging dir), then its part files are renamed up one level. */
    static final String SPARK_WRITE_DIR = ".spark-write";

    private final SparkSession borrowed;

    private SparkComputeEngine(SparkSession borrowed) {
        this.borrowed = borrowed;
    }

    /** Uses a session owned by the caller (tests, benchmarks); it is left running. */
    public static SparkComputeEngine using(SparkSession session) {
        configure(session);
        return new SparkComputeEngine(session);
    }

    /**
     * Creates its own session per run and stops it afterwards: {@code local[threads]} unless a master is
     * configured (spark-submit sets {@code spark.master}).
     */
    public static SparkComputeEngine owningSession() {
        return new SparkComputeEngine(null);
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String version() {
        // The version Spark reports about itself, without starting a session.
        try (InputStream in = SparkConf.class.getResourceAsStream("/spark-version-info.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public ComputeResult compute(ComputeRequest request, Path outputDir) {
        SparkSession spark = borrowed != null ? borrowed : newSession(request.threads());
        try {
            return compute(spark, request, outputDir);
        } finally {
            if (borrowed == null) {
                spark.stop();
            }
        }
    }

    private ComputeResult compute(SparkSession spark, ComputeRequest request, Path outputDir) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> files = request.eventFiles().stream().map(p -> p.toUri().toString()).toList();
        ParquetFooters.validateEvents(hadoop, files);
        eventsView(spark, files).createOrReplaceTempView("events");

        Row stats = spark.sql("SELECT count_if(player_id IS NULL), max(timestamp_utc) FROM events").first();
        long nullPlayers = stats.getLong(0);
        Instant latest = stats.isNullAt(1) ? null : stats.getInstant(1);
        if (nullPlayers > 0) {
            log.warn("excluded {} event rows with a null player_id", nullPlayers);
        }
        Instant asOf = request.asOf().resolve(latest);
        log.info("computing user_panel on spark {} ({}) as of {} ({}) from {} files", spark.version(),
                spark.sparkContext().master(), asOf, request.asOf().label(), files.size());

        Dataset<Row> panel = spark.sql(AttributeQuery.render(SqlDialect.SPARK, asOf));
        Path sparkOut = outputDir.resolve(SPARK_WRITE_DIR);
        // Range partitioning + per-partition sort = a global sort whose partition i holds the i-th key range,
        // so part files in name order are in player_id order. AQE coalesces small ranges.
        panel.repartitionByRange(col(PanelSchema.PLAYER_ID))
                .sortWithinPartitions(PanelSchema.PLAYER_ID)
                .write()
                .option("compression", "zstd")
                .parquet(sparkOut.toUri().toString());

        Map<String, Long> partRows = movePartsUp(hadoop, sparkOut, outputDir);
        long rows = partRows.values().stream().mapToLong(Long::longValue).sum();
        return new ComputeResult(asOf, rows, nullPlayers, partRows);
    }

    /** The relation {@code events} with exactly the column types {@code user_panel.sql} expects. */
    static Dataset<Row> eventsView(SparkSession spark, List<String> files) {
        // With the session time zone UTC, a TIMESTAMP_NTZ column (Parquet isAdjustedToUTC=false, how naive
        // UTC timestamps are stored) casts to the same instant, and CAST(... AS DATE) gives its UTC date.
        return spark.read().parquet(files.toArray(String[]::new)).selectExpr(
                "CAST(name AS STRING) AS name",
                "CAST(player_id AS STRING) AS player_id",
                "CAST(timestamp_utc AS TIMESTAMP) AS timestamp_utc",
                "CAST(country AS STRING) AS country",
                "CAST(deposit_amount AS DOUBLE) AS deposit_amount",
                "CAST(tournament_score AS DOUBLE) AS tournament_score");
    }

    /**
     * Renames Spark's {@code part-00003-<uuid>-c000.zstd.parquet} to {@code part-00003.parquet} in the staging
     * directory and drops the rest ({@code _SUCCESS}, {@code .crc}). Spark numbers files by partition, and
     * partitions are key ranges in order, so the numbers keep the sort order.
     */
    static Map<String, Long> movePartsUp(Configuration hadoop, Path sparkOut, Path outputDir) {
        Map<String, Long> partRows = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(sparkOut)) {
            List<Path> parts = listing.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("part-") && n.endsWith(".parquet");
            }).sorted().toList();
            for (Path part : parts) {
                String name = part.getFileName().toString();
                String target = name.substring(0, "part-00000".length()) + ".parquet";
                Path moved = Files.move(part, outputDir.resolve(target));
                partRows.put(target, ParquetFooters.rowCount(hadoop, moved.toUri().toString()));
            }
            com.playerattributes.snapshot.SnapshotStaging.deleteRecursively(sparkOut);
            return partRows;
        } catch (IOException e) {
            throw new UncheckedIOException("spark: cannot move parts out of " + sparkOut + ": " + e.getMessage(), e);
        }
    }

    static SparkSession newSession(int threads) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties, as spark-submit sets them
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + threads + "]");
        }
        conf.setIfMissing("spark.app.name", "player-attributes compute");
        conf.setIfMissing("spark.ui.enabled", "false");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        configure(spark);
        return spark;
    }

    /** Settings the shared SQL and the snapshot format depend on; applied to any session the engine uses. */
    static void configure(SparkSession spark) {
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        spark.conf().set("spark.sql.ansi.enabled", "true");
        // Row groups of roughly DuckDB's size (about 120k panel rows), so publish can split work the same way.
        spark.sparkContext().hadoopConfiguration().setLong("parquet.block.size", 8L << 20);
        // No _SUCCESS marker or summary files: the manifest is the snapshot's completion marker.
        spark.sparkContext().hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    }
}
