package com.playerattributes.bench;

import com.playerattributes.compute.AsOf;
import com.playerattributes.compute.ComputeJob;
import com.playerattributes.compute.ComputeRequest;
import com.playerattributes.compute.DuckDbComputeEngine;
import com.playerattributes.events.EventFiles;
import com.playerattributes.snapshot.SnapshotManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Generated events measured with SQL over the written files, independently of the generator's code, against
 * targets measured on the 40 real files (docs/synthetic-data.md). Tolerances are about 4 standard errors at
 * 3,000 players.
 */
class EventGeneratorTest {

    private static final int PLAYERS = 3_000;
    private static final LocalDate END = LocalDate.of(2024, 1, 16);

    @TempDir
    static Path tmp;
    static Path events;
    static Connection sql;

    @BeforeAll
    static void generate() throws SQLException {
        events = tmp.resolve("events");
        GenerateResult r = new EventGenerator(SyntheticEventModel.FITTED)
                .run(new GenerateRequest(PLAYERS, 16, END, 42, events, 1_000, 2), done -> { });
        assertThat(r.files()).isEqualTo(3);
        sql = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = sql.createStatement()) {
            st.execute("CREATE VIEW e AS SELECT * FROM read_parquet('" + events + "/*.parquet')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        sql.close();
    }

    @Test
    void writesOneFilePerThousandPlayersInTheRealSchema() throws Exception {
        try (Stream<Path> files = Files.list(events)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("events-000000.parquet", "events-000001.parquet", "events-000002.parquet");
        }
        StringBuilder schema = new StringBuilder();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM e")) {
            while (rs.next()) {
                schema.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(';');
            }
        }
        assertThat(schema.toString()).isEqualTo("name VARCHAR;player_id VARCHAR;date_utc TIMESTAMP;country VARCHAR;"
                + "platform VARCHAR;timestamp_utc TIMESTAMP;deposit_amount DOUBLE;tournament_score DOUBLE;");
        assertThat(value("SELECT count(DISTINCT player_id) FROM e")).isEqualTo(PLAYERS);
        assertThat(value("SELECT count(*) FROM e WHERE NOT regexp_full_match(player_id, '[0-9a-f]{24}')")).isZero();
        assertThat(value("SELECT max(n) FROM (SELECT player_id, count(DISTINCT country) + count(DISTINCT platform) n FROM e GROUP BY 1)"))
                .isEqualTo(2);
        assertThat(value("SELECT count(*) FROM e WHERE date_utc < TIMESTAMP '2024-01-01' OR date_utc > TIMESTAMP '2024-01-16'"))
                .isZero();
    }

    @Test
    void passesComputeInputValidationAndComputesEveryPlayer(@TempDir Path out) {
        ComputeRequest request = new ComputeRequest(EventFiles.resolve(events.toString()),
                AsOf.parse("latest", null), 2, "1GB");
        SnapshotManifest m = new ComputeJob(new DuckDbComputeEngine(), Clock.systemUTC()).run(request, out.resolve("snap"));
        assertThat(m.rowCount()).isEqualTo(PLAYERS);
        assertThat(m.excludedNullPlayerIdRows()).isZero();
    }

    @Test
    void eventsPerPlayerActiveDaysAndEventsPerActiveDayMatchTheRealPlayers() throws SQLException {
        // real: 321.6 events per player, 7.46 active days, 43.1 events per player and active day
        assertThat(number("SELECT count(*) / count(DISTINCT player_id) FROM e")).isCloseTo(321.6, within(12.0));
        assertThat(number("SELECT avg(n) FROM (SELECT player_id, count(DISTINCT date_utc) n FROM e GROUP BY 1)"))
                .isCloseTo(7.46, within(0.15));
        assertThat(number("SELECT avg(n) FROM (SELECT player_id, date_utc, count(*) n FROM e GROUP BY ALL)"))
                .isCloseTo(43.1, within(2.0));
    }

    @Test
    void countryPlatformAndPurchaseSharesMatchTheRealPlayers() throws SQLException {
        // real: 66.2% of players in the US, 50.3% on android, 8.56% of events are purchases
        assertThat(number("SELECT count(DISTINCT player_id) FILTER (WHERE country = 'US') / count(DISTINCT player_id) FROM e"))
                .isCloseTo(0.662, within(0.035));
        assertThat(number("SELECT count(DISTINCT player_id) FILTER (WHERE platform = 'android') / count(DISTINCT player_id) FROM e"))
                .isCloseTo(0.503, within(0.037));
        assertThat(value("SELECT count(DISTINCT country) FROM e")).isEqualTo(11);
        assertThat(number("SELECT count(*) FILTER (WHERE name = 'srvTransactionCompleted') / count(*) FROM e"))
                .isCloseTo(0.0856, within(0.005));
    }

    @Test
    void purchaseAmountsAndScoresStayInTheRealRanges() throws SQLException {
        // real: deposits 6..141 (mean 54.5), scores 254..14,500 (mean 5,209); only purchases have an amount
        assertThat(value("SELECT count(*) FROM e WHERE (deposit_amount IS NOT NULL) <> (name = 'srvTransactionCompleted')")).isZero();
        assertThat(value("SELECT count(*) FROM e WHERE (tournament_score IS NOT NULL) <> (name = 'srvTournamentFinished')")).isZero();
        assertThat(number("SELECT min(deposit_amount) FROM e")).isGreaterThanOrEqualTo(5);
        assertThat(number("SELECT max(deposit_amount) FROM e")).isLessThanOrEqualTo(142);
        assertThat(number("SELECT avg(deposit_amount) FROM e")).isCloseTo(54.5, within(3.5));
        assertThat(number("SELECT min(tournament_score) FROM e")).isGreaterThanOrEqualTo(230);
        assertThat(number("SELECT max(tournament_score) FROM e")).isLessThanOrEqualTo(14_550);
        assertThat(number("SELECT avg(tournament_score) FROM e")).isCloseTo(5209, within(350.0));
        assertThat(value("SELECT count(*) FROM e WHERE deposit_amount <> round(deposit_amount) OR tournament_score <> round(tournament_score)"))
                .isZero();
    }

    @Test
    void everyJoinIsPairedWithAFinishUpTo300SecondsLaterOnTheFinishDate() throws SQLException {
        String pairs = "WITH f AS (SELECT player_id, timestamp_utc t, date_utc d, row_number() OVER (PARTITION BY player_id ORDER BY timestamp_utc) k"
                + " FROM e WHERE name = 'srvTournamentFinished'),"
                + " j AS (SELECT player_id, timestamp_utc t, date_utc d, row_number() OVER (PARTITION BY player_id ORDER BY timestamp_utc) k"
                + " FROM e WHERE name = 'srvTournamentJoined')";
        assertThat(value("SELECT count(*) FROM e WHERE name = 'srvTournamentJoined'"))
                .isEqualTo(value("SELECT count(*) FROM e WHERE name = 'srvTournamentFinished'"));
        assertThat(value(pairs + " SELECT count(*) FROM f FULL JOIN j USING (player_id, k)"
                + " WHERE f.t IS NULL OR j.t IS NULL OR f.d <> j.d OR epoch(f.t) - epoch(j.t) NOT BETWEEN 0 AND 299")).isZero();
    }

    @Test
    void aboutOneRowInAThousandIsAJoinBeforeMidnightDatedTheNextDay() throws SQLException {
        // real: 0.080% of rows, all of them joins dated the day of their finish
        assertThat(number("SELECT count(*) FILTER (WHERE date_utc = date_trunc('day', timestamp_utc) + INTERVAL 1 DAY) / count(*) FROM e"))
                .isCloseTo(0.0008, within(0.0003));
        assertThat(value("SELECT count(*) FROM e WHERE date_utc <> date_trunc('day', timestamp_utc) AND name <> 'srvTournamentJoined'"))
                .isZero();
    }

    @Test
    void sameSeedGivesTheSameEventsWhateverTheThreadsAndFileSize(@TempDir Path dir) throws SQLException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        EventGenerator gen = new EventGenerator(SyntheticEventModel.FITTED);
        gen.run(new GenerateRequest(250, 5, END, 9, a, 100, 2), n -> { });
        gen.run(new GenerateRequest(250, 5, END, 9, b, 250, 1), n -> { });
        gen.run(new GenerateRequest(250, 5, END, 10, c, 100, 2), n -> { });
        String ra = "read_parquet('" + a + "/*.parquet')";
        String rb = "read_parquet('" + b + "/*.parquet')";
        String rc = "read_parquet('" + c + "/*.parquet')";
        assertThat(value("SELECT count(*) FROM " + ra)).isPositive();
        assertThat(value("SELECT count(*) FROM (SELECT * FROM " + ra + " EXCEPT ALL SELECT * FROM " + rb + ")")).isZero();
        assertThat(value("SELECT count(*) FROM (SELECT * FROM " + rb + " EXCEPT ALL SELECT * FROM " + ra + ")")).isZero();
        assertThat(value("SELECT count(*) FROM (SELECT player_id FROM " + ra + " INTERSECT SELECT player_id FROM " + rc + ")")).isZero();
        assertThat(value("SELECT count(DISTINCT date_utc) FROM " + ra)).isEqualTo(5);
    }

    @Test
    void refusesANonEmptyOutputDirectoryAndLeavesItUntouched(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> new EventGenerator(SyntheticEventModel.FITTED)
                .run(new GenerateRequest(10, 3, END, 1, dir, 5, 1), n -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--out").hasMessageContaining("not empty");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.txt");
        }
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().contains(".generating-")).toList()).isEmpty();
        }
    }

    private static long value(String query) throws SQLException {
        return (long) number(query);
    }

    private static double number(String query) throws SQLException {
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(query)) {
            assertThat(rs.next()).isTrue();
            return rs.getDouble(1);
        }
    }
}
