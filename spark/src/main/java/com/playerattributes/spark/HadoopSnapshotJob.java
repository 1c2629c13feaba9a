package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeResult;
import com.playerattributes.events.InvalidInputException;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A compute run whose input or output is on a Hadoop file system (hdfs://, s3a://, gs://). Object stores have no
 * atomic directory rename, so instead of a staging directory the parts go straight into {@code --out} and
 * {@code manifest.json} is written last, as one object: a snapshot without a manifest is incomplete, and
 * publish refuses it. On failure the partial output is deleted.
 */
final class HadoopSnapshotJob {

    private static final Logger log = LoggerFactory.getLogger(HadoopSnapshotJob.class);

    private final SparkComputeEngine engine;
    private final SparkSession spark;
    private final Clock clock;

    HadoopSnapshotJob(SparkSession spark, Clock clock) {
        this.engine = SparkComputeEngine.using(spark);
        this.spark = spark;
        this.clock = clock;
    }

    SnapshotManifest run(String events, AsOf asOf, String out) {
        Instant started = clock.instant();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<FileStatus> inputs = resolveEvents(hadoop, events);
        Path target = new Path(out);
        try {
            FileSystem fs = SparkComputeEngine.fileSystemOf(target, hadoop);
            if (fs.exists(target) && (!fs.getFileStatus(target).isDirectory() || fs.listStatus(target).length > 0)) {
                throw new InvalidInputException("--out " + out + ": already exists; snapshots are never overwritten");
            }
            try {
                fs.mkdirs(target);
                ComputeResult result = engine.computeTo(spark,
                        inputs.stream().map(s -> s.getPath().toString()).toList(), asOf, target.toString());
                List<SnapshotManifest.Part> parts = describeParts(fs, target, result.partRows());
                SnapshotManifest manifest = ComputeJob.manifest(asOf, result,
                        inputs.stream().map(s -> new SnapshotManifest.InputFile(s.getPath().toString(), s.getLen()))
                                .toList(),
                        new SnapshotManifest.Engine(engine.name(), engine.version()), started, clock.instant(), parts);
                try (FSDataOutputStream manifestOut = fs.create(new Path(target, SnapshotManifest.FILE_NAME), false)) {
                    manifestOut.write(manifest.toJson());
                }
                log.info("snapshot {}: {} players as of {}, {} parts, {} ms", out, manifest.rowCount(),
                        manifest.asOf(), parts.size(), manifest.durationMillis());
                return manifest;
            } catch (RuntimeException | IOException e) {
                fs.delete(target, true);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": " + e.getMessage(), e);
        }
    }

    private static List<SnapshotManifest.Part> describeParts(FileSystem fs, Path dir, Map<String, Long> partRows)
            throws IOException {
        List<SnapshotManifest.Part> parts = new ArrayList<>();
        for (String name : partRows.keySet().stream().sorted().toList()) {
            Path part = new Path(dir, name);
            try (FSDataInputStream in = fs.open(part)) {
                parts.add(new SnapshotManifest.Part(name, partRows.get(name), fs.getFileStatus(part).getLen(),
                        SnapshotStaging.sha256(in)));
            }
        }
        return parts;
    }

    /** Like the local --events rules: a directory means every *.parquet below it; otherwise a file or a glob. */
    static List<FileStatus> resolveEvents(Configuration hadoop, String events) {
        try {
            Path spec = new Path(events);
            FileSystem fs = SparkComputeEngine.fileSystemOf(spec, hadoop);
            FileStatus[] matched = fs.globStatus(spec);
            if (matched == null || matched.length == 0) {
                throw new InvalidInputException("--events " + events + ": no such file, directory or matching files");
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus status : matched) {
                if (status.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> below = fs.listFiles(status.getPath(), true);
                    while (below.hasNext()) {
                        LocatedFileStatus file = below.next();
                        if (file.getPath().getName().endsWith(".parquet")) {
                            files.add(file);
                        }
                    }
                } else {
                    files.add(status);
                }
            }
            if (files.isEmpty()) {
                throw new InvalidInputException("--events " + events + ": no .parquet files");
            }
            files.sort(Comparator.comparing(s -> s.getPath().toString()));
            return files;
        } catch (IOException e) {
            throw new InvalidInputException("--events " + events + ": cannot list: " + e.getMessage(), e);
        }
    }
}
