package com.playerattributes.spark;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The null player ids and the latest event time come from footers, summed and maxed across files. */
class ParquetFootersTest {

    @TempDir
    Path dir;

    @Test
    void inputStatsAddNullPlayerIdsAndTakeTheLatestTimestampAcrossFiles() throws Exception {
        Path a = new SyntheticEvents()
                .join("p1", "2024-03-01T10:00:00Z")
                .add(SyntheticEvents.JOIN, null, "2024-03-09T23:59:59.123456Z", "DE", null, null)
                .writeTo(dir.resolve("a.parquet"));
        Path b = new SyntheticEvents()
                .add(SyntheticEvents.JOIN, null, "2024-03-02T10:00:00Z", "DE", null, null)
                .add(SyntheticEvents.JOIN, null, "2024-03-03T10:00:00Z", "DE", null, null)
                .join("p2", "2024-03-05T10:00:00Z")
                .writeTo(dir.resolve("b.parquet"));

        ParquetFooters.InputStats stats = ParquetFooters.validateEvents(new Configuration(),
                List.of(a.toUri().toString(), b.toUri().toString())).orElseThrow();

        assertThat(stats.nullPlayerIds()).isEqualTo(3);
        assertThat(stats.latestEvent()).isEqualTo(Instant.parse("2024-03-09T23:59:59.123456Z"));
    }
}
