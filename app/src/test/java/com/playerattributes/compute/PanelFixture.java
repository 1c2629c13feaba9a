package com.playerattributes.compute;

import com.playerattributes.events.EventParquetFixture;
import com.playerattributes.events.TestEvent;
import com.playerattributes.publish.TestSnapshots;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs the real compute path (ComputeJob + DuckDB) over fixture events and reads the snapshot back. */
final class PanelFixture {

    private PanelFixture() {
    }

    static Map<String, PanelRow> compute(Path tmp, List<TestEvent> events, String asOf) throws Exception {
        Path input = EventParquetFixture.write(Files.createTempFile(tmp, "events", ".parquet"), events);
        Path out = tmp.resolve("snapshot-" + System.nanoTime());
        run(List.of(input), asOf, out);
        return read(out);
    }

    static SnapshotManifest run(List<Path> inputs, String asOf, Path out) {
        ComputeRequest request = new ComputeRequest(inputs, AsOf.parse(asOf, Instant.now()), 2, "1GB");
        return new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC()).run(request, out);
    }

    /** Reads every part of a snapshot, keyed by player id, in file order. */
    static Map<String, PanelRow> read(Path snapshot) throws Exception {
        return TestSnapshots.readParquet(snapshot);
    }
}
