package com.playerattributes.publish;

import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;

/** Derives altered snapshots from a good one, for gate tests. */
final class SnapshotFixtures {
    private SnapshotFixtures() {
    }

    /**
     * Writes {@code select} (a query over the view {@code good}, the rows of {@code source}) as the single part
     * of a new snapshot with a truthful manifest, then lets {@code edit} change that manifest.
     */
    static Path derive(Path source, Path out, String select, UnaryOperator<SnapshotManifest> edit) throws Exception {
        Files.createDirectories(out);
        Path part = out.resolve("part-0.parquet");
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW good AS SELECT * FROM read_parquet('" + source.resolve("part-*.parquet") + "')");
            st.execute("COPY (" + select + ") TO '" + part + "' (FORMAT parquet)");
            try (ResultSet rs = st.executeQuery("SELECT num_rows FROM parquet_file_metadata('" + part + "')")) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        SnapshotManifest m = SnapshotManifest.read(source);
        SnapshotManifest truthful = new SnapshotManifest(m.formatVersion(), m.asOf(), m.asOfMode(), rows,
                m.excludedNullPlayerIdRows(), m.inputFiles(), m.inputBytes(), m.engine(), m.createdAt(),
                m.durationMillis(), m.schema(),
                List.of(new SnapshotManifest.Part("part-0.parquet", rows, Files.size(part), SnapshotStaging.sha256(part))));
        Files.write(out.resolve(SnapshotManifest.FILE_NAME), edit.apply(truthful).toJson());
        return out;
    }

    static SnapshotManifest withRowCount(SnapshotManifest m, long rowCount) {
        return new SnapshotManifest(m.formatVersion(), m.asOf(), m.asOfMode(), rowCount, m.excludedNullPlayerIdRows(),
                m.inputFiles(), m.inputBytes(), m.engine(), m.createdAt(), m.durationMillis(), m.schema(), m.parts());
    }

    static SnapshotManifest withParts(SnapshotManifest m, List<SnapshotManifest.Part> parts) {
        return new SnapshotManifest(m.formatVersion(), m.asOf(), m.asOfMode(), m.rowCount(), m.excludedNullPlayerIdRows(),
                m.inputFiles(), m.inputBytes(), m.engine(), m.createdAt(), m.durationMillis(), m.schema(), parts);
    }

    static SnapshotManifest withSchema(SnapshotManifest m, List<SnapshotManifest.Column> schema) {
        return new SnapshotManifest(m.formatVersion(), m.asOf(), m.asOfMode(), m.rowCount(), m.excludedNullPlayerIdRows(),
                m.inputFiles(), m.inputBytes(), m.engine(), m.createdAt(), m.durationMillis(), schema, m.parts());
    }
}
