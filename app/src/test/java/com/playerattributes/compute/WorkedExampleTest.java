package com.playerattributes.compute;

import com.playerattributes.events.TestEvent;
import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.playerattributes.events.TestEvent.joined;
import static com.playerattributes.events.TestEvent.match;
import static com.playerattributes.events.TestEvent.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** The worked example of the compute issue, with its exact published numbers. */
class WorkedExampleTest {

    @TempDir
    Path tmp;

    private static final List<TestEvent> P1 = List.of(
            purchase("p1", "2024-01-01T10:00:00", 10.0, "US"),
            match("p1", "2024-01-01T11:00:00", 100, null),
            match("p1", "2024-01-02T09:00:00", 200, "CA"),
            match("p1", "2024-01-02T09:30:00", 300, null),
            joined("p1", "2024-01-04T12:00:00", "CA"),
            purchase("p1", "2024-01-05T08:00:00", 20.0, null),
            match("p1", "2024-01-06T07:00:00", 400, null));

    @Test
    void asOfEndOfJanuarySixthGivesThePublishedValues() throws Exception {
        PanelRow row = PanelFixture.compute(tmp, P1, "2024-01-06T23:00:00Z").get("p1");

        assertThat(row.country()).isEqualTo("CA");
        assertThat(row.avgPrice10()).isEqualTo(15.0);
        // active days 01-06 (1 match, w=5), 01-05 (0, w=4), 01-04 (0, w=3), 01-02 (2, w=2), 01-01 (1, w=1)
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(10.0 / 15.0);
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(1L);
        // matches in [01-02, 01-06]: 200, 300, 400
        assertThat(row.scorePerc50Last5Days()).isEqualTo(300.0);
    }

    @Test
    void asOfExactlyOnThePurchaseIncludesIt() throws Exception {
        PanelRow row = PanelFixture.compute(tmp, P1, "2024-01-05T08:00:00Z").get("p1");

        assertThat(row.country()).isEqualTo("CA");
        assertThat(row.avgPrice10()).isEqualTo(15.0);
        // active days 01-05 (0, w=4), 01-04 (0, w=3), 01-02 (2, w=2), 01-01 (1, w=1)
        assertThat(row.lastWeightedDailyMatchesCount10PlayedDays()).isEqualTo(0.5);
        assertThat(row.activeDaysSinceLastPurchase()).isEqualTo(0L);
        // matches in [01-01, 01-05]: 100, 200, 300
        assertThat(row.scorePerc50Last5Days()).isEqualTo(200.0);
    }
}
