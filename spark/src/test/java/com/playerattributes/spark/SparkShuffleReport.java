package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.AttributeQuery;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.SqlDialect;
import com.playerattributes.events.EventFiles;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: prints what one Spark run of user_panel.sql costs in I/O (docs/spark.md, scale notes).
 * Usage (after ./mvnw -q -DskipTests package and test-compile):
 * java @spark/target/jvm.options -cp "spark/target/test-classes:spark/target/player-attributes-spark.jar:spark/target/lib/*"
 * com.playerattributes.spark.SparkShuffleReport EVENTS_DIR
 */
public final class SparkShuffleReport {

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[" + Runtime.getRuntime().availableProcessors() + "]")
                .config("spark.ui.enabled", "false").getOrCreate();
        AtomicLong inputBytes = new AtomicLong();
        AtomicLong inputRecords = new AtomicLong();
        AtomicLong shuffleBytes = new AtomicLong();
        AtomicLong shuffleRecords = new AtomicLong();
        AtomicLong spillBytes = new AtomicLong();
        AtomicLong tasks = new AtomicLong();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TaskMetrics m = end.taskMetrics();
                if (m == null) {
                    return;
                }
                tasks.incrementAndGet();
                inputBytes.addAndGet(m.inputMetrics().bytesRead());
                inputRecords.addAndGet(m.inputMetrics().recordsRead());
                shuffleBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
                shuffleRecords.addAndGet(m.shuffleWriteMetrics().recordsWritten());
                spillBytes.addAndGet(m.diskBytesSpilled());
            }
        });
        Path out = Files.createTempDirectory("shuffle-report").resolve("snap");
        ComputeRequest request = new ComputeRequest(EventFiles.resolve(args[0]), AsOf.parse("latest", Instant.now()),
                Runtime.getRuntime().availableProcessors(), "4GB");
        SnapshotManifest m = new ComputeJob(SparkComputeEngine.using(spark), Clock.systemUTC()).run(request, out);
        spark.sparkContext().listenerBus().waitUntilEmpty();

        String plan = spark.sql(AttributeQuery.render(SqlDialect.SPARK, m.asOf())).queryExecution().executedPlan()
                .toString();
        System.out.printf("players %d, %d ms, %d tasks%n", m.rowCount(), m.durationMillis(), tasks.get());
        System.out.printf("input: %d records, %.1f MB read (files hold %.1f MB)%n", inputRecords.get(),
                inputBytes.get() / 1e6, m.inputBytes() / 1e6);
        System.out.printf("shuffle write: %d records, %.1f MB; spilled %.1f MB%n", shuffleRecords.get(),
                shuffleBytes.get() / 1e6, spillBytes.get() / 1e6);
        System.out.printf("panel plan: %d exchanges, %d parquet scans, %d window operators, %d sort-merge joins%n",
                count(plan, "Exchange "), count(plan, "FileScan parquet"), count(plan, "Window "),
                count(plan, "SortMergeJoin"));
        System.out.println(plan);
        SnapshotStaging.deleteRecursively(out.getParent());
        spark.stop();
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
