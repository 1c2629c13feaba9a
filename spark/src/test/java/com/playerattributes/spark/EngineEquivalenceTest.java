package com.playerattributes.spark;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeEngine;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DuckDB (the reference engine) and Spark run the same user_panel.sql and must write the same panel: same
 * players in the same order, equal strings and integers, doubles within 1e-9 relative, nulls in the same places.
 */
class EngineEquivalenceTest {

    static final Instant T = Instant.parse("2024-03-10T12:00:00Z");

    @TempDir
    static Path dir;
    static Path synthetic;

    @BeforeAll
    static void buildSyntheticEvents() throws Exception {
        SyntheticEvents e = new SyntheticEvents();
        // p01: two events share the latest timestamp with a country -> the greater string (FR) wins;
        // a later null country and an event after T are ignored. Never purchased, no matches.
        e.add(SyntheticEvents.JOIN, "p01", "2024-03-09T10:00:00Z", "US", null, null)
                .add(SyntheticEvents.JOIN, "p01", "2024-03-10T09:00:00Z", "DE", null, null)
                .add(SyntheticEvents.JOIN, "p01", "2024-03-10T09:00:00Z", "FR", null, null)
                .add(SyntheticEvents.JOIN, "p01", "2024-03-10T11:00:00Z", null, null, null)
                .add(SyntheticEvents.JOIN, "p01", "2024-03-10T13:00:00Z", "ZZ", null, null);
        // p02: 3 active days (< 10), the middle one without matches; odd median count; a match after T.
        e.match("p02", "2024-03-08T10:00:00Z", 5.0)
                .join("p02", "2024-03-09T10:00:00Z")
                .match("p02", "2024-03-10T10:00:00Z", 1.0)
                .match("p02", "2024-03-10T11:00:00Z", 3.0)
                .match("p02", "2024-03-10T12:00:01Z", 1000.0);
        // p03: 12 active days 2024-02-28..2024-03-10 (leap day included); day k has k % 3 matches scoring k.
        Instant first = Instant.parse("2024-02-28T10:00:00Z");
        for (int k = 1; k <= 12; k++) {
            String at = first.plusSeconds(86_400L * (k - 1)).toString();
            if (k % 3 == 0) {
                e.join("p03", at);
            }
            for (int m = 0; m < k % 3; m++) {
                e.match("p03", at, (double) k);
            }
        }
        e.purchase("p03", "2024-03-03T08:00:00Z", 20.0);
        // p04: purchases on 03-01 and on the as-of day itself.
        e.purchase("p04", "2024-03-01T08:00:00Z", 30.0)
                .join("p04", "2024-03-05T08:00:00Z")
                .purchase("p04", "2024-03-10T08:00:00Z", 10.0);
        // p05: 12 purchases with amounts; ties at the newest and at the 10th place (amount breaks the tie);
        // a later purchase without amount; one after T.
        e.purchase("p05", "2024-03-01T10:00:00Z", 100.0).purchase("p05", "2024-03-01T10:00:00Z", 200.0);
        for (int d = 2; d <= 8; d++) {
            e.purchase("p05", "2024-03-0" + d + "T10:00:00Z", (double) d);
        }
        e.purchase("p05", "2024-03-09T10:00:00Z", 5.0).purchase("p05", "2024-03-09T10:00:00Z", 50.0)
                .purchase("p05", "2024-03-09T12:00:00Z", null)
                .join("p05", "2024-03-10T09:00:00Z")
                .purchase("p05", "2024-03-10T12:30:00Z", 1000.0);
        // p06: one match long before the 5-day window; no country at all; never purchased.
        e.add(SyntheticEvents.MATCH, "p06", "2024-03-01T10:00:00Z", null, null, 4.0);
        // p07: even median count inside [03-06, 03-10] (boundary included, 03-05 excluded, null score ignored).
        e.match("p07", "2024-03-05T23:59:59Z", 100.0)
                .match("p07", "2024-03-06T00:00:00Z", 1.0)
                .match("p07", "2024-03-08T10:00:00Z", null)
                .match("p07", "2024-03-10T11:59:59Z", 2.0)
                .match("p07", "2024-03-10T11:59:59Z", 10.0)
                .match("p07", "2024-03-10T11:59:59Z", 4.0);
        // p08: events exactly at T count; one microsecond later does not.
        e.purchase("p08", "2024-03-10T12:00:00Z", 42.0)
                .match("p08", "2024-03-10T12:00:00Z", 7.0)
                .match("p08", "2024-03-10T12:00:00.000001Z", 99.0);
        // p10: purchases only without amount: no average price, but the purchase day still counts for P.
        e.purchase("p10", "2024-03-08T10:00:00Z", null).join("p10", "2024-03-09T10:00:00Z");
        // p09: only events after T -> not in the panel. And one row without a player id.
        e.join("p09", "2024-03-11T00:00:00Z");
        e.add(SyntheticEvents.JOIN, null, "2024-03-10T10:00:00Z", "DE", null, null);
        synthetic = e.writeTo(dir.resolve("synthetic.parquet"));
    }

    @Test
    void syntheticEdgeCasesGiveTheHandComputedPanelOnBothEngines() throws Exception {
        Map<String, PanelRow> expected = List.of(
                new PanelRow("p01", "FR", null, 0.0, null, null),
                new PanelRow("p02", "DE", null, 7.0 / 6, null, 3.0),
                new PanelRow("p03", "DE", 20.0, 51.0 / 55, 7L, 10.0),
                new PanelRow("p04", "DE", 20.0, 0.0, 0L, null),
                new PanelRow("p05", "DE", 29.0, 0.0, 1L, null),
                new PanelRow("p06", null, null, 1.0, null, null),
                new PanelRow("p07", "DE", null, 1.8, null, 3.0),
                new PanelRow("p08", "DE", 42.0, 1.0, 0L, 7.0),
                new PanelRow("p10", "DE", null, 0.0, 1L, null)
        ).stream().collect(Collectors.toMap(PanelRow::playerId, Function.identity()));

        Run duck = run(new DuckDbComputeEngine(), synthetic, "2024-03-10T12:00:00Z", "duck-synthetic");
        Run spark = run(sparkEngine(), synthetic, "2024-03-10T12:00:00Z", "spark-synthetic");

        for (Run r : List.of(duck, spark)) {
            assertThat(r.rows()).extracting(PanelRow::playerId)
                    .containsExactly("p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p10");
            for (PanelRow row : r.rows()) {
                assertSame(r.manifest().engine().name(), expected.get(row.playerId()), row);
            }
            assertThat(r.manifest().excludedNullPlayerIdRows()).isEqualTo(1);
            assertThat(r.manifest().asOf()).isEqualTo(T);
        }
        assertEquivalent(duck, spark);
    }

    @Test
    void bundledSampleGivesTheSamePanelOnBothEngines() throws Exception {
        Path sample = TestSpark.projectRoot().resolve("samples/raw-events-sample.parquet");
        Run duck = run(new DuckDbComputeEngine(), sample, "latest", "duck-sample");
        Run spark = run(sparkEngine(), sample, "latest", "spark-sample");
        assertThat(spark.rows()).hasSize(1000);
        assertEquivalent(duck, spark);
    }

    @Test
    void bundledSampleAgreesAtAnAsOfInsideTheData() throws Exception {
        // Mid-history: many events lie after the as-of and the 5-day window cuts through the data.
        Path sample = TestSpark.projectRoot().resolve("samples/raw-events-sample.parquet");
        Run duck = run(new DuckDbComputeEngine(), sample, "2024-01-10T06:30:00Z", "duck-sample-mid");
        Run spark = run(sparkEngine(), sample, "2024-01-10T06:30:00Z", "spark-sample-mid");
        assertThat(spark.rows()).isNotEmpty();
        assertEquivalent(duck, spark);
    }

    record Run(SnapshotManifest manifest, List<PanelRow> rows) {
    }

    static ComputeEngine sparkEngine() {
        return SparkComputeEngine.using(TestSpark.session());
    }

    static Run run(ComputeEngine engine, Path events, String asOf, String name) throws Exception {
        Path out = dir.resolve(name);
        SnapshotManifest m = new ComputeJob(engine, Clock.systemUTC())
                .run(new ComputeRequest(List.of(events), AsOf.parse(asOf, Instant.now()), 2, "1GB"), out);
        return new Run(m, PanelSnapshots.rows(out));
    }

    static void assertEquivalent(Run duck, Run spark) {
        assertThat(duck.manifest().engine().name()).isEqualTo("duckdb");
        assertThat(spark.manifest().engine().name()).isEqualTo("spark");
        assertThat(spark.manifest().asOf()).isEqualTo(duck.manifest().asOf());
        assertThat(spark.manifest().rowCount()).isEqualTo(duck.manifest().rowCount());
        assertThat(spark.manifest().excludedNullPlayerIdRows()).isEqualTo(duck.manifest().excludedNullPlayerIdRows());
        assertThat(spark.manifest().schema()).isEqualTo(duck.manifest().schema());
        assertThat(spark.rows()).extracting(PanelRow::playerId)
                .containsExactlyElementsOf(duck.rows().stream().map(PanelRow::playerId).toList());
        for (int i = 0; i < duck.rows().size(); i++) {
            assertSame("spark vs duckdb", duck.rows().get(i), spark.rows().get(i));
        }
    }

    /** Strings and integers equal, doubles within 1e-9 relative, nulls in the same places. */
    static void assertSame(String what, PanelRow expected, PanelRow actual) {
        String at = what + ", player " + expected.playerId();
        assertThat(actual.playerId()).as(at).isEqualTo(expected.playerId());
        assertThat(actual.country()).as(at + " country").isEqualTo(expected.country());
        assertThat(actual.activeDaysSinceLastPurchase()).as(at + " active_days_since_last_purchase")
                .isEqualTo(expected.activeDaysSinceLastPurchase());
        assertClose(at + " avg_price_10", expected.avgPrice10(), actual.avgPrice10());
        assertClose(at + " last_weighted_daily_matches_count_10_played_days",
                expected.lastWeightedDailyMatchesCount10PlayedDays(), actual.lastWeightedDailyMatchesCount10PlayedDays());
        assertClose(at + " score_perc_50_last_5_days", expected.scorePerc50Last5Days(), actual.scorePerc50Last5Days());
    }

    static void assertClose(String what, Double expected, Double actual) {
        if (expected == null || actual == null) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        double tolerance = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual));
        assertThat(Math.abs(expected - actual)).as(what + ": " + expected + " vs " + actual).isLessThanOrEqualTo(tolerance);
    }
}
