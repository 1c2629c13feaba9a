package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.AttributeQuery;
import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.ComputeResult;
import com.playerattributes.compute.SqlDialect;
import com.playerattributes.snapshot.PanelSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
        List<String> files = request.eventFiles().stream().map(p -> p.toUri().toString()).toList();
        return computeTo(spark, files, request.asOf(), outputDir.toUri().toString());
    }

    /**
     * The engine on Hadoop paths (file:, hdfs://, s3a://, gs://): validates {@code files}, runs the query and
     * leaves exactly the {@code part-NNNNN.parquet} files in {@code outputDir}.
     */
    ComputeResult computeTo(SparkSession spark, List<String> files, AsOf asOfChoice, String outputDir) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        ParquetFooters.InputStats stats = ParquetFooters.validateEvents(hadoop, files).orElse(null);
        eventsView(spark, files).createOrReplaceTempView("events");
        if (stats == null) { // some file without statistics: one scan instead
            Row row = spark.sql("SELECT count_if(player_id IS NULL), max(timestamp_utc) FROM events").first();
            stats = new ParquetFooters.InputStats(row.getLong(0), row.isNullAt(1) ? null : row.getInstant(1));
        }
        long nullPlayers = stats.nullPlayerIds();
        Instant latest = stats.latestEvent();
        if (nullPlayers > 0) {
            log.warn("excluded {} event rows with a null player_id", nullPlayers);
        }
        Instant asOf = asOfChoice.resolve(latest);
        log.info("computing user_panel on spark {} ({}) as of {} ({}) from {} files", spark.version(),
                spark.sparkContext().master(), asOf, asOfChoice.label(), files.size());

        Dataset<Row> panel = spark.sql(AttributeQuery.render(SqlDialect.SPARK, asOf));
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outputDir);
        org.apache.hadoop.fs.Path sparkOut = new org.apache.hadoop.fs.Path(out, SPARK_WRITE_DIR);
        // Range partitioning + per-partition sort = a global sort whose partition i holds the i-th key range,
        // so part files in name order are in player_id order. AQE coalesces small ranges.
        panel.repartitionByRange(col(PanelSchema.PLAYER_ID))
                .sortWithinPartitions(PanelSchema.PLAYER_ID)
                .write()
                .option("compression", "zstd")
                .parquet(sparkOut.toString());

        Map<String, Long> partRows = movePartsUp(hadoop, sparkOut, out);
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
    static Map<String, Long> movePartsUp(Configuration hadoop, org.apache.hadoop.fs.Path sparkOut,
                                         org.apache.hadoop.fs.Path outputDir) {
        Map<String, Long> partRows = new LinkedHashMap<>();
        try {
            FileSystem fs = fileSystemOf(sparkOut, hadoop);
            List<org.apache.hadoop.fs.Path> parts = Arrays.stream(fs.listStatus(sparkOut))
                    .map(FileStatus::getPath)
                    .filter(p -> p.getName().startsWith("part-") && p.getName().endsWith(".parquet"))
                    .sorted(Comparator.comparing(org.apache.hadoop.fs.Path::getName))
                    .toList();
            for (org.apache.hadoop.fs.Path part : parts) {
                String target = part.getName().substring(0, "part-00000".length()) + ".parquet";
                org.apache.hadoop.fs.Path moved = new org.apache.hadoop.fs.Path(outputDir, target);
                if (!fs.rename(part, moved)) {
                    throw new IOException("rename to " + moved + " failed");
                }
                partRows.put(target, ParquetFooters.rowCount(hadoop, moved.toString()));
            }
            fs.delete(sparkOut, true);
            return partRows;
        } catch (IOException e) {
            throw new UncheckedIOException("spark: cannot move parts out of " + sparkOut + ": " + e.getMessage(), e);
        }
    }

    /** The path's file system; for local files the raw one, which writes no {@code .crc} side files. */
    static FileSystem fileSystemOf(org.apache.hadoop.fs.Path path, Configuration hadoop) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
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
