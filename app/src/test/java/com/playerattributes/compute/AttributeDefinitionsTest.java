package com.playerattributes.compute;

import com.playerattributes.events.EventParquetFixture;
import com.playerattributes.events.TestEvent;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.playerattributes.events.TestEvent.joined;
import static com.playerattributes.events.TestEvent.match;
import static com.playerattributes.events.TestEvent.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** Each attribute definition and its edge cases, with expected values worked out by hand. */
class AttributeDefinitionsTest {

    private static final String AS_OF = "2024-01-20T12:00:00Z"; // D = 2024-01-20, median window [01-16, 01-20]

    @TempDir
    Path tmp;

    private PanelRow compute(List<TestEvent> events, String player) throws Exception {
        return PanelFixture.compute(tmp, events, AS_OF).get(player);
    }

    @Test
    void countryTieInTimestampTakesTheGreatestCountry() throws Exception {
        PanelRow row = compute(List.of(
                joined("p", "2024-01-19T10:00:00", "ZA"),
                match("p", "2024-01-20T10:00:00", 500, "BR"),
                joined("p", "2024-01-20T10:00:00", "US"),
                joined("p", "2024-01-20T10:00:00", "DE")), "p");
        assertThat(row.country()).isEqualTo("US");
    }

    @Test
    void countryIgnoresLaterEventsWithoutCountryAndIsNullWhenNoneHasOne() throws Exception {
        Map<String, PanelRow> panel = PanelFixture.compute(tmp, List.of(
                joined("a", "2024-01-18T10:00:00", "FR"),
                joined("a", "2024-01-19T10:00:00", null),
                joined("b", "2024-01-19T10:00:00", null)), AS_OF);
        assertThat(panel.get("a").country()).isEqualTo("FR");
        assertThat(panel.get("b").country()).isNull();
    }

    @Test
    void weightedMatchesUseOnlyTheLastTenActiveDays() throws Exception {
        // 12 active days, 2024-01-01 .. 2024-01-12, with m = day-of-month matches on each.
        // Last 10 days are 01-12 .. 01-03: sum(w*m) = 10*12 + 9*11 + 8*10 + 7*9 + 6*8 + 5*7 + 4*6 + 3*5 + 2*4 + 1*3
        // = 495, sum(w) = 55, value 9.0.
        List<TestEvent> events = new ArrayList<>();
        for (int day = 1; day <= 12; day++) {
            for (int k = 0; k < day; k++) {
                events.add(match("p", String.format("2024-01-%02dT10:%02d:00", day, k), 1000, "US"));
            }
        }
        assertThat(compute(events, "p").lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(9.0);
    }

    @Test
    void activeDaysWithoutMatchesCountAsZero() throws Exception {
        PanelRow row = compute(List.of(
                joined("p", "2024-01-10T10:00:00", "US"),
                purchase("p", "2024-01-11T10:00:00", 9.0, "US"),
                joined("p", "2024-01-12T10:00:00", "US")), "p");
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(0.0);
    }

    @Test
    void fewerThanTenActiveDaysWeighTheNewestDayByTheirCount() throws Exception {
        // 2 active days: 01-19 with 3 matches (w=2), 01-10 with 1 match (w=1): (2*3 + 1*1) / 3
        PanelRow row = compute(List.of(
                match("p", "2024-01-10T10:00:00", 1, "US"),
                match("p", "2024-01-19T10:00:00", 1, "US"),
                match("p", "2024-01-19T11:00:00", 1, "US"),
                match("p", "2024-01-19T12:00:00", 1, "US")), "p");
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(7.0 / 3.0);
    }

    @Test
    void purchaseOnTheAsOfDateGivesZeroActiveDaysSincePurchase() throws Exception {
        PanelRow row = compute(List.of(
                purchase("p", "2024-01-15T10:00:00", 5.0, "US"),
                joined("p", "2024-01-18T10:00:00", "US"),
                purchase("p", "2024-01-20T09:00:00", 7.0, "US")), "p");
        assertThat(row.activeDaysSinceLastPurchase()).isZero();
    }

    @Test
    void activeDaysSincePurchaseCountsOnlyActiveDaysAfterThePurchaseDay() throws Exception {
        // purchase on 01-12; later activity on 01-12 (same day, not counted), 01-14, 01-17 -> 2
        PanelRow row = compute(List.of(
                joined("p", "2024-01-05T10:00:00", "US"),
                purchase("p", "2024-01-12T10:00:00", 5.0, "US"),
                match("p", "2024-01-12T11:00:00", 300, "US"),
                joined("p", "2024-01-14T10:00:00", "US"),
                joined("p", "2024-01-17T10:00:00", "US"),
                joined("p", "2024-01-17T11:00:00", "US")), "p");
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(2L);
    }

    @Test
    void aDayWithSeveralCountriesIsStillOneActiveDay() throws Exception {
        // Active days 01-15 (purchase, 1 match, DE) and 01-18 (matches in FR, US and null country, then a
        // join in FR at 18:00): n = 2, weighted = (2*3 + 1*1) / 3; one active day after the purchase day;
        // the country is FR, seen last (18:00) although US sorts after it.
        PanelRow row = compute(List.of(
                purchase("p", "2024-01-15T09:00:00", 5.0, "DE"),
                match("p", "2024-01-15T10:00:00", 100, "DE"),
                match("p", "2024-01-18T10:00:00", 200, "FR"),
                match("p", "2024-01-18T11:00:00", 300, "US"),
                match("p", "2024-01-18T12:00:00", 400, null),
                joined("p", "2024-01-18T18:00:00", "FR")), "p");
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(7.0 / 3.0);
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(1L);
        assertThat(row.country()).isEqualTo("FR");
        assertThat(row.scorePerc50Last5Days()).isEqualTo(300.0); // 01-16 .. 01-20: 200, 300, 400
    }

    @Test
    void neverPurchasedGivesNullPriceAndNullDaysSincePurchase() throws Exception {
        PanelRow row = compute(List.of(match("p", "2024-01-19T10:00:00", 400, "US")), "p");
        assertThat(row.avgPrice10()).isNull();
        assertThat(row.activeDaysSinceLastPurchase()).isNull();
    }

    @Test
    void purchaseWithoutAmountCountsForLastPurchaseDateButNotForAveragePrice() throws Exception {
        PanelRow row = compute(List.of(
                purchase("p", "2024-01-10T10:00:00", 30.0, "US"),
                joined("p", "2024-01-15T10:00:00", "US"),
                purchase("p", "2024-01-16T10:00:00", null, "US"),
                joined("p", "2024-01-18T10:00:00", "US")), "p");
        assertThat(row.avgPrice10()).isEqualTo(30.0);
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(1L);
    }

    @Test
    void averagePriceTakesTheLatestTenPurchasesAndBreaksTimeTiesByLargerAmount() throws Exception {
        // nine purchases of 10 on 01-11 .. 01-19, and two at the same instant on 01-10 (50 and 5):
        // the latest ten are the nine 10s and, of the tie, the larger 50 -> (90 + 50) / 10 = 14
        List<TestEvent> events = new ArrayList<>();
        events.add(purchase("p", "2024-01-10T10:00:00", 5.0, "US"));
        events.add(purchase("p", "2024-01-10T10:00:00", 50.0, "US"));
        for (int day = 11; day <= 19; day++) {
            events.add(purchase("p", "2024-01-" + day + "T10:00:00", 10.0, "US"));
        }
        events.add(purchase("p", "2024-01-01T10:00:00", 1000.0, "US")); // 12th latest: excluded
        assertThat(compute(events, "p").avgPrice10()).isEqualTo(14.0);
    }

    @Test
    void identicalRowsAreCountedAsSeparateEvents() throws Exception {
        PanelRow row = compute(List.of(
                match("p", "2024-01-19T10:00:00", 100, "US"),
                match("p", "2024-01-19T10:00:00", 100, "US"),
                match("p", "2024-01-19T11:00:00", 400, "US"),
                purchase("p", "2024-01-19T12:00:00", 10.0, "US"),
                purchase("p", "2024-01-19T12:00:00", 10.0, "US"),
                purchase("p", "2024-01-18T12:00:00", 40.0, "US")), "p");
        // days 01-19 (3 matches, w=2) and 01-18 (0, w=1): 6/3 = 2
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(2.0);
        assertThat(row.avgPrice10()).isEqualTo(20.0);
        assertThat(row.scorePerc50Last5Days()).isEqualTo(100.0);
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() throws Exception {
        PanelRow row = compute(List.of(
                match("p", "2024-01-16T10:00:00", 900, "US"),
                match("p", "2024-01-18T10:00:00", 300, "US"),
                match("p", "2024-01-20T10:00:00", 500, "US")), "p");
        assertThat(row.scorePerc50Last5Days()).isEqualTo(500.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() throws Exception {
        PanelRow row = compute(List.of(
                match("p", "2024-01-16T00:00:00", 1000, "US"),
                match("p", "2024-01-17T10:00:00", 300, "US"),
                match("p", "2024-01-18T10:00:00", 400, "US"),
                match("p", "2024-01-20T10:00:00", 5000, "US"),
                match("p", "2024-01-15T23:59:59", 1, "US")), "p"); // 01-15 is outside [01-16, 01-20]
        assertThat(row.scorePerc50Last5Days()).isEqualTo(700.0);
    }

    @Test
    void noMatchesInTheFiveDayWindowGivesNullMedian() throws Exception {
        PanelRow row = compute(List.of(
                match("p", "2024-01-15T10:00:00", 300, "US"),
                joined("p", "2024-01-19T10:00:00", "US")), "p");
        assertThat(row.scorePerc50Last5Days()).isNull();
    }

    @Test
    void eventsAfterTheAsOfAreIgnoredAndPlayersWithOnlyLaterEventsAreAbsent() throws Exception {
        Map<String, PanelRow> panel = PanelFixture.compute(tmp, List.of(
                match("p", "2024-01-20T11:00:00", 200, "US"),
                match("p", "2024-01-20T12:00:01", 9999, "CA"),
                purchase("p", "2024-01-20T13:00:00", 99.0, "CA"),
                joined("late", "2024-01-21T10:00:00", "US")), AS_OF);
        assertThat(panel).containsOnlyKeys("p");
        PanelRow row = panel.get("p");
        assertThat(row.country()).isEqualTo("US");
        assertThat(row.scorePerc50Last5Days()).isEqualTo(200.0);
        assertThat(row.avgPrice10()).isNull();
        assertThat(row.activeDaysSinceLastPurchase()).isNull();
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(1.0);
    }

    @Test
    void anEventExactlyAtTheAsOfIsCounted() throws Exception {
        PanelRow row = compute(List.of(
                joined("p", "2024-01-19T10:00:00", "US"),
                purchase("p", "2024-01-20T12:00:00", 12.0, "GB")), "p");
        assertThat(row.country()).isEqualTo("GB");
        assertThat(row.avgPrice10()).isEqualTo(12.0);
        assertThat(row.activeDaysSinceLastPurchase()).isZero();
    }

    @Test
    void activeDaysUseTheDateOfTimestampUtcNotDateUtc() throws Exception {
        // The purchase happens at 23:59:30 on 01-18 but is partitioned under date_utc 01-19. With timestamp dates
        // the active days after it are 01-19 and 01-20 -> 2 (date_utc would have given 1).
        PanelRow row = compute(List.of(
                purchase("p", "2024-01-18T23:59:30", 8.0, "US").withDateUtc("2024-01-19T00:00:00"),
                joined("p", "2024-01-19T10:00:00", "US"),
                joined("p", "2024-01-20T10:00:00", "US")), "p");
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(2L);
    }

    @Test
    void rowsWithoutPlayerIdAreExcludedAndCountedInTheManifest() throws Exception {
        Path input = EventParquetFixture.write(tmp.resolve("nulls.parquet"), List.of(
                joined("p", "2024-01-19T10:00:00", "US"),
                joined(null, "2024-01-19T10:00:00", "US"),
                match(null, "2024-01-19T11:00:00", 5, "US")));
        SnapshotManifest manifest = PanelFixture.run(List.of(input), AS_OF, tmp.resolve("out"));
        assertThat(manifest.rowCount()).isEqualTo(1);
        assertThat(manifest.excludedNullPlayerIdRows()).isEqualTo(2);
        assertThat(PanelFixture.read(tmp.resolve("out"))).containsOnlyKeys("p");
    }

    @Test
    void asOfLatestUsesTheGreatestEventTimestamp() throws Exception {
        Path input = EventParquetFixture.write(tmp.resolve("latest.parquet"), List.of(
                match("p", "2024-01-03T10:00:00", 100, "US"),
                match("p", "2024-01-09T08:30:00", 300, "US")));
        SnapshotManifest manifest = PanelFixture.run(List.of(input), "latest", tmp.resolve("out"));
        assertThat(manifest.asOf()).isEqualTo("2024-01-09T08:30:00Z");
        assertThat(manifest.asOfMode()).isEqualTo("latest");
        // D = 01-09, window [01-05, 01-09] holds only the 300
        assertThat(PanelFixture.read(tmp.resolve("out")).get("p").scorePerc50Last5Days()).isEqualTo(300.0);
    }
}
