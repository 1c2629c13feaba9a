package com.playerattributes.publish;

import com.playerattributes.snapshot.PanelSchema;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.StoreVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.playerattributes.events.EventValidator.firstLine;

/**
 * The validation gate between a snapshot and the live version. Every check names itself in its failure, and any
 * failure stops the publish before the switch. Uniqueness of player_id is checked while loading (rows arrive in
 * key order, so a duplicate is an equal neighbour), the loaded row count once loading is done, the rest before.
 */
public final class PublishGate {
    public static final String PART_CHECKSUMS = "part checksums";
    public static final String SCHEMA = "schema";
    public static final String ROW_COUNT = "row count";
    public static final String PLAYER_ID_NOT_NULL = "player_id not null";
    public static final String PLAYER_ID_UNIQUE = "player_id unique";
    public static final String SHRINK_GUARD = "shrink guard";

    private final double maxShrinkPercent;
    private final boolean allowShrink;

    /**
     * @param maxShrinkPercent refuse a snapshot with more than this percentage fewer rows than the live version
     * @param allowShrink      skip the shrink guard
     */
    public PublishGate(double maxShrinkPercent, boolean allowShrink) {
        if (maxShrinkPercent < 0 || maxShrinkPercent > 100) {
            throw new IllegalArgumentException("--max-shrink-percent must be between 0 and 100, got " + maxShrinkPercent);
        }
        this.maxShrinkPercent = maxShrinkPercent;
        this.allowShrink = allowShrink;
    }

    void checkBeforeLoad(Path dir, SnapshotManifest manifest, SnapshotReader reader, Optional<StoreVersion> live) {
        checkPartChecksums(dir, manifest);
        checkSchema(manifest, reader);
        checkRowCounts(manifest, reader);
        checkNoNullPlayerIds(reader);
        checkShrink(manifest.rowCount(), live);
    }

    private static void checkPartChecksums(Path dir, SnapshotManifest manifest) {
        if (manifest.parts() == null) {
            throw new GateFailedException(PART_CHECKSUMS, "manifest of " + dir + " lists no parts");
        }
        // Hash the parts in parallel: checksumming is I/O plus SHA-256, the biggest fixed cost of the gate.
        manifest.parts().parallelStream().forEach(part -> {
            Path file = dir.resolve(part.file());
            if (!Files.isRegularFile(file)) {
                throw new GateFailedException(PART_CHECKSUMS, "part " + file + " is missing");
            }
            try {
                long size = Files.size(file);
                if (size != part.bytes()) {
                    throw new GateFailedException(PART_CHECKSUMS, "part " + file + " has " + size
                            + " bytes, manifest says " + part.bytes());
                }
                String sha = SnapshotStaging.sha256(file);
                if (!sha.equalsIgnoreCase(part.sha256())) {
                    throw new GateFailedException(PART_CHECKSUMS, "part " + file + " has sha256 " + sha
                            + ", manifest says " + part.sha256());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read part " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static void checkSchema(SnapshotManifest manifest, SnapshotReader reader) {
        Map<String, String> expected = PanelSchema.columns();
        Map<String, String> declared = new LinkedHashMap<>();
        if (manifest.schema() != null) {
            manifest.schema().forEach(c -> declared.put(c.name(), c.type()));
        }
        String mismatch = difference(expected, declared);
        if (mismatch != null) {
            throw new GateFailedException(SCHEMA, "manifest: " + mismatch);
        }
        for (Path part : reader.parts()) {
            try {
                mismatch = difference(expected, reader.schemaOf(part));
            } catch (SQLException e) {
                throw new GateFailedException(SCHEMA, "part " + part + " is not readable Parquet: "
                        + firstLine(e.getMessage()));
            }
            if (mismatch != null) {
                throw new GateFailedException(SCHEMA, "part " + part + ": " + mismatch);
            }
        }
    }

    /** Null if equal, else the first difference in words. */
    private static String difference(Map<String, String> expected, Map<String, String> actual) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String type = actual.get(e.getKey());
            if (type == null) {
                return "missing column '" + e.getKey() + "'";
            }
            if (!type.equalsIgnoreCase(e.getValue())) {
                return "column '" + e.getKey() + "' has type " + type + ", expected " + e.getValue();
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                return "unexpected column '" + name + "'";
            }
        }
        List<String> order = List.copyOf(actual.keySet());
        if (!order.equals(List.copyOf(expected.keySet()))) {
            return "columns in order " + order + ", expected " + expected.keySet();
        }
        return null;
    }

    private static void checkRowCounts(SnapshotManifest manifest, SnapshotReader reader) {
        Map<Path, Long> footer;
        try {
            footer = reader.footerRowCounts();
        } catch (SQLException e) {
            throw new GateFailedException(ROW_COUNT, "cannot read part footers: " + firstLine(e.getMessage()));
        }
        long total = 0;
        for (int i = 0; i < manifest.parts().size(); i++) {
            SnapshotManifest.Part part = manifest.parts().get(i);
            long rows = footer.get(reader.parts().get(i));
            if (rows != part.rows()) {
                throw new GateFailedException(ROW_COUNT, "part " + reader.parts().get(i) + " has " + rows
                        + " rows, manifest says " + part.rows());
            }
            total += rows;
        }
        if (total != manifest.rowCount()) {
            throw new GateFailedException(ROW_COUNT, "parts hold " + total + " rows, manifest row_count says "
                    + manifest.rowCount());
        }
        if (total == 0) {
            throw new GateFailedException(ROW_COUNT, "the snapshot has no rows: live, it would answer 404 for every player");
        }
    }

    private static void checkNoNullPlayerIds(SnapshotReader reader) {
        long nulls;
        try {
            nulls = reader.nullPlayerIds();
        } catch (SQLException e) {
            throw new GateFailedException(PLAYER_ID_NOT_NULL, "cannot read player_id: " + firstLine(e.getMessage()));
        }
        if (nulls > 0) {
            throw new GateFailedException(PLAYER_ID_NOT_NULL, nulls + " rows have a null player_id");
        }
    }

    void checkShrink(long rows, Optional<StoreVersion> live) {
        if (allowShrink || live.isEmpty() || live.get().rows() == 0) {
            return;
        }
        long liveRows = live.get().rows();
        double shrink = 100.0 * (liveRows - rows) / liveRows;
        if (shrink > maxShrinkPercent) {
            throw new GateFailedException(SHRINK_GUARD, String.format(
                    "%d rows is %.1f%% fewer than the %d of live version %s, more than --max-shrink-percent %s;"
                            + " pass --allow-shrink to publish anyway",
                    rows, shrink, liveRows, live.get().id(), stripZeros(maxShrinkPercent)));
        }
    }

    /** Rows arrive in ascending key order, so a duplicate player_id shows up as a key equal to the one before. */
    static GateFailedException duplicatePlayerId(String playerId) {
        return new GateFailedException(PLAYER_ID_UNIQUE, "player_id '" + playerId + "' appears more than once");
    }

    void checkLoadedRows(SnapshotManifest manifest, long loaded) {
        if (loaded != manifest.rowCount()) {
            throw new GateFailedException(ROW_COUNT, "loaded " + loaded + " rows, manifest row_count says "
                    + manifest.rowCount());
        }
    }

    private static String stripZeros(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
