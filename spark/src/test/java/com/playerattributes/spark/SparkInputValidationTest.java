package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.events.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad input fails on Spark with the same one-line message as on DuckDB, before any Spark job, leaving nothing. */
class SparkInputValidationTest {

    @TempDir
    Path dir;

    @Test
    void missingColumnIsReportedWithFileAndColumnLikeDuckDb() throws Exception {
        Path file = events("missing-country.parquet", "CAST(NULL AS TIMESTAMP) AS timestamp_utc");
        assertSameError(file, "events file " + file + ": missing required column 'country'");
    }

    @Test
    void timeZoneAwareTimestampIsRefusedLikeDuckDb() throws Exception {
        Path file = events("tz.parquet",
                "TIMESTAMPTZ '2024-01-01 00:00:00+00' AS timestamp_utc, 'DE' AS country");
        assertSameError(file, "events file " + file
                + ": column 'timestamp_utc' has type TIMESTAMP WITH TIME ZONE, expected TIMESTAMP");
    }

    @Test
    void nonParquetFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.parquet"), "not parquet at all");
        InvalidInputException e = failure(SparkComputeEngine.using(TestSpark.session()), file, "spark-out");
        assertThat(e.getMessage()).startsWith("events file " + file + ": not a readable Parquet file (")
                .doesNotContain("\n");
        assertThat(dir.resolve("spark-out")).doesNotExist();
    }

    private void assertSameError(Path file, String expected) {
        InvalidInputException spark = failure(SparkComputeEngine.using(TestSpark.session()), file, "spark-out");
        InvalidInputException duck = failure(new DuckDbComputeEngine(), file, "duck-out");
        assertThat(spark.getMessage()).isEqualTo(expected).isEqualTo(duck.getMessage());
        assertThat(dir.resolve("spark-out")).doesNotExist();
    }

    private InvalidInputException failure(ComputeEngine engine, Path file, String out) {
        return catchThrowableOfType(InvalidInputException.class, () -> new ComputeJob(engine, Clock.systemUTC())
                .run(new ComputeRequest(List.of(file), AsOf.parse("latest", Instant.now()), 1, "1GB"), dir.resolve(out)));
    }

    /** A one-row event file with the usual columns plus {@code extra} (which may also drop some). */
    private Path events(String name, String extra) throws Exception {
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 'srvTournamentJoined' AS name, 'p1' AS player_id,"
                    + " TIMESTAMP '2024-01-01 00:00:00' AS date_utc, 'ios' AS platform,"
                    + " CAST(NULL AS DOUBLE) AS deposit_amount, CAST(NULL AS DOUBLE) AS tournament_score, "
                    + extra + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }
}
