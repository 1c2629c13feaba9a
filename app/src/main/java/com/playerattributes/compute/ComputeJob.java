package com.playerattributes.compute;

import com.playerattributes.events.InvalidInputException;
import com.playerattributes.snapshot.PanelSchema;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One compute run: engine output into a staging directory, then manifest and atomic rename into place. */
public final class ComputeJob {

    private static final Logger log = LoggerFactory.getLogger(ComputeJob.class);

    private final ComputeEngine engine;
    private final Clock clock;

    public ComputeJob(ComputeEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    public SnapshotManifest run(ComputeRequest request, Path out) {
        Instant started = clock.instant();
        String engineVersion = engine.version();
        try (SnapshotStaging staging = SnapshotStaging.create(out)) {
            ComputeResult result = engine.compute(request, staging.dir());
            if (result.rows() == 0) { // publishing it would answer 404 for every player; the staging is discarded
                throw new InvalidInputException("--events: no events at or before the as-of " + result.asOf()
                        + " in the " + request.eventFiles().size() + " input file(s): the panel would be empty");
            }
            List<SnapshotManifest.InputFile> inputs = request.eventFiles().stream()
                    .map(p -> new SnapshotManifest.InputFile(p.toString(), size(p))).toList();
            SnapshotManifest manifest = staging.commit(parts -> manifest(request.asOf(), result, inputs,
                    new SnapshotManifest.Engine(engine.name(), engineVersion), started, clock.instant(), parts),
                    part -> result.partRows().getOrDefault(part.getFileName().toString(), 0L));
            log.info("snapshot {}: {} players as of {}, {} parts, {} ms", staging.target(), manifest.rowCount(),
                    manifest.asOf(), manifest.parts().size(), manifest.durationMillis());
            return manifest;
        }
    }

    /** The manifest of a finished run; also used by jobs that write somewhere other than a local directory. */
    public static SnapshotManifest manifest(AsOf asOf, ComputeResult result, List<SnapshotManifest.InputFile> inputs,
                                            SnapshotManifest.Engine engine, Instant started, Instant finished,
                                            List<SnapshotManifest.Part> parts) {
        List<SnapshotManifest.Column> schema = PanelSchema.columns().entrySet().stream()
                .map(e -> new SnapshotManifest.Column(e.getKey(), e.getValue())).toList();
        long inputBytes = inputs.stream().mapToLong(SnapshotManifest.InputFile::bytes).sum();
        return new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, result.asOf(), asOf.label(), result.rows(),
                result.excludedNullPlayerIdRows(), inputs, inputBytes, engine, finished,
                Duration.between(started, finished).toMillis(), schema, parts);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
