package com.playerattributes.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json} of a snapshot: what was computed, from what, by which engine, and the checksum of each
 * part so that publish can verify the files it loads.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SnapshotManifest(
        int formatVersion,
        Instant asOf,
        String asOfMode,
        long rowCount,
        long excludedNullPlayerIdRows,
        List<InputFile> inputFiles,
        long inputBytes,
        Engine engine,
        Instant createdAt,
        long durationMillis,
        List<Column> schema,
        List<Part> parts) {

    public static final String FILE_NAME = "manifest.json";
    public static final int FORMAT_VERSION = 1;

    public record InputFile(String path, long bytes) {
    }

    public record Engine(String name, String version) {
    }

    public record Column(String name, String type) {
    }

    /** One Parquet part; {@code file} is relative to the snapshot directory. */
    public record Part(String file, long rows, long bytes, String sha256) {
    }

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static SnapshotManifest read(Path snapshotDir) {
        Path file = snapshotDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("snapshot " + snapshotDir + ": no " + FILE_NAME);
        }
        try {
            return JSON.readValue(file.toFile(), SnapshotManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("snapshot " + snapshotDir + ": unreadable " + FILE_NAME + ": "
                    + com.playerattributes.events.EventValidator.firstLine(e.getMessage()), e);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
