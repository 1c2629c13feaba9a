package com.playerattributes.store.rocksdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.store.StoreVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/** {@code version.json} inside a version directory: what the version holds and where it came from. */
record VersionInfo(
        String id,
        Instant asOf,
        long rows,
        long bytes,
        Instant createdAt,
        Instant publishedAt,
        String source) {

    static final String FILE_NAME = "version.json";
    private static final ObjectMapper JSON = SnapshotManifest.JSON;

    StoreVersion toStoreVersion(boolean live) {
        return new StoreVersion(id, asOf, rows, bytes, createdAt, publishedAt, source, live);
    }

    VersionInfo publishedAt(Instant when) {
        return new VersionInfo(id, asOf, rows, bytes, createdAt, when, source);
    }

    static VersionInfo read(Path versionDir) {
        try {
            return JSON.readValue(versionDir.resolve(FILE_NAME).toFile(), VersionInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + versionDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
