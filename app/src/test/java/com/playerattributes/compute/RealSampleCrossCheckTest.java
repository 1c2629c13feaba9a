package com.playerattributes.compute;

import com.playerattributes.events.TestEvent;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.playerattributes.events.EventValidator.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bundled real sample computed by the engine agrees with plain Java loops, for every player and attribute. */
class RealSampleCrossCheckTest {

    static final Path SAMPLE = Path.of(System.getProperty("project.root", "..")).resolve("samples/raw-events-sample.parquet");

    @TempDir
    Path tmp;

    @Test
    void everyPlayerMatchesTheIndependentReferenceAtSeveralAsOfs() throws Exception {
        List<TestEvent> events = readEvents(SAMPLE);
        assertThat(events).hasSizeGreaterThan(300_000);

        for (String asOf : List.of("2024-01-16T23:59:50Z", "2024-01-10T12:00:00Z", "2024-01-03T00:00:00Z")) {
            Path out = tmp.resolve("snap-" + asOf.replace(':', '-'));
            SnapshotManifest manifest = PanelFixture.run(List.of(SAMPLE), asOf, out);
            Map<String, PanelRow> actual = PanelFixture.read(out);
            Map<String, PanelRow> expected = ReferencePanel.compute(events, Instant.parse(asOf));

            assertThat(manifest.rowCount()).isEqualTo(expected.size());
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            int withMedian = 0;
            for (PanelRow want : expected.values()) {
                PanelRow got = actual.get(want.playerId());
                assertThat(got.country()).as("country of %s", want.playerId()).isEqualTo(want.country());
                assertClose(got.avgPrice10(), want.avgPrice10(), "avg_price_10 of " + want.playerId());
                assertClose(got.lastWeightedDailyMatchesCount10PlayedDays(),
                        want.lastWeightedDailyMatchesCount10PlayedDays(), "weighted matches of " + want.playerId());
                assertThat(got.activeDaysSinceLastPurchase()).as("days since purchase of %s", want.playerId())
                        .isEqualTo(want.activeDaysSinceLastPurchase());
                assertClose(got.scorePerc50Last5Days(), want.scorePerc50Last5Days(), "median of " + want.playerId());
                withMedian += want.scorePerc50Last5Days() == null ? 0 : 1;
            }
            assertThat(withMedian).as("the check must exercise the median").isGreaterThan(0);
        }
    }

    @Test
    void snapshotRowsAreSortedByPlayerId() throws Exception {
        Path out = tmp.resolve("sorted");
        PanelFixture.run(List.of(SAMPLE), "latest", out);
        List<String> ids = new ArrayList<>(PanelFixture.read(out).keySet());
        assertThat(ids).isSorted().hasSize(1000);
    }

    private static void assertClose(Double got, Double want, String what) {
        if (want == null) {
            assertThat(got).as(what).isNull();
        } else {
            assertThat(got).as(what).isNotNull();
            assertThat(got).as(what).isCloseTo(want, within(Math.abs(want) * 1e-12 + 1e-12));
        }
    }

    static List<TestEvent> readEvents(Path file) throws Exception {
        List<TestEvent> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + quote(file.toString()) + ")")) {
            while (rs.next()) {
                events.add(new TestEvent(rs.getString("name"), rs.getString("player_id"),
                        rs.getObject("timestamp_utc", Timestamp.class).toLocalDateTime(),
                        rs.getObject("date_utc", Timestamp.class).toLocalDateTime(), rs.getString("country"),
                        rs.getString("platform"), (Double) rs.getObject("deposit_amount"),
                        (Double) rs.getObject("tournament_score")));
            }
        }
        return events;
    }
}
