package com.playerattributes.publish;

import com.playerattributes.snapshot.SnapshotManifest;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.rocksdb.RocksDbStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every gate check refuses the snapshot it exists for, names itself, and leaves the live version as it was. */
class PublishGateTest {

    @TempDir
    static Path shared;
    static Path good;

    @TempDir
    Path dir;
    RocksDbStore store;

    @BeforeAll
    static void computeSample() {
        good = TestSnapshots.sample(shared.resolve("good"));
    }

    @BeforeEach
    void publishTheGoodSnapshot() {
        store = RocksDbStore.open(dir.resolve("store"));
        publisher(PublishOptions.defaults()).publish(good);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Publisher publisher(PublishOptions options) {
        return new Publisher(store, options, PublishListener.NONE);
    }

    private Path derive(String select, UnaryOperator<SnapshotManifest> edit) throws Exception {
        return SnapshotFixtures.derive(good, dir.resolve("bad-" + System.nanoTime()), select, edit);
    }

    private void assertRefusedBy(String check, Path snapshot, String detail) {
        assertThatThrownBy(() -> publisher(PublishOptions.defaults()).publish(snapshot))
                .isInstanceOf(GateFailedException.class)
                .hasMessageStartingWith("gate check '" + check + "' failed: ")
                .hasMessageContaining(detail)
                .hasMessageEndingWith("; the live version is unchanged")
                .satisfies(e -> assertThat(((GateFailedException) e).check()).isEqualTo(check));
        assertThat(store.versions()).extracting(StoreVersion::id, StoreVersion::live)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v000001", true));
        try (var staging = Files.list(store.root().resolve("staging"))) {
            assertThat(staging).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPartWhoseBytesChangedFailsThePartChecksumCheck() throws Exception {
        Path copy = derive("SELECT * FROM good", m -> m);
        Path part = copy.resolve("part-0.parquet");
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.seek(f.length() / 2); // same size, one byte different
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }
        assertRefusedBy(PublishGate.PART_CHECKSUMS, copy, "has sha256");
    }

    @Test
    void aMissingPartFailsThePartChecksumCheck() throws Exception {
        Path copy = derive("SELECT * FROM good", m -> m);
        Files.delete(copy.resolve("part-0.parquet"));
        assertRefusedBy(PublishGate.PART_CHECKSUMS, copy, "part-0.parquet is missing");
    }

    @Test
    void droppedRowsFailTheRowCountCheck() throws Exception {
        Path dropped = derive("SELECT * FROM good WHERE player_id NOT IN (SELECT player_id FROM good ORDER BY player_id LIMIT 3)",
                m -> SnapshotFixtures.withRowCount(m, 1000));
        assertRefusedBy(PublishGate.ROW_COUNT, dropped, "parts hold 997 rows, manifest row_count says 1000");
    }

    @Test
    void aPartWithFewerRowsThanItsManifestEntryFailsTheRowCountCheck() throws Exception {
        Path lying = derive("SELECT * FROM good LIMIT 990", m -> SnapshotFixtures.withParts(
                SnapshotFixtures.withRowCount(m, 1000), List.of(new SnapshotManifest.Part("part-0.parquet", 1000,
                        m.parts().get(0).bytes(), m.parts().get(0).sha256()))));
        assertRefusedBy(PublishGate.ROW_COUNT, lying, "has 990 rows, manifest says 1000");
    }

    @Test
    void aDuplicatedPlayerFailsTheUniquenessCheck() throws Exception {
        Path duplicated = derive("SELECT * FROM (SELECT * FROM good UNION ALL"
                + " (SELECT * FROM good ORDER BY player_id LIMIT 1 OFFSET 500)) ORDER BY player_id", m -> m);
        String twice = TestSnapshots.readParquet(good).keySet().stream().sorted().skip(500).findFirst().orElseThrow();
        assertRefusedBy(PublishGate.PLAYER_ID_UNIQUE, duplicated, "player_id '" + twice + "' appears more than once");
    }

    @Test
    void aDuplicatedPlayerIsFoundAlsoWhenTheRowsAreNotInKeyOrder() throws Exception {
        Path duplicated = derive("SELECT * FROM (SELECT * FROM good UNION ALL"
                + " (SELECT * FROM good ORDER BY player_id LIMIT 1)) ORDER BY hash(player_id)", m -> m);
        assertRefusedBy(PublishGate.PLAYER_ID_UNIQUE, duplicated, "appears more than once");
    }

    @Test
    void aNullPlayerIdFailsTheNotNullCheck() throws Exception {
        Path withNull = derive("SELECT CASE WHEN player_id = (SELECT min(player_id) FROM good) THEN NULL"
                + " ELSE player_id END AS player_id, * EXCLUDE (player_id) FROM good", m -> m);
        assertRefusedBy(PublishGate.PLAYER_ID_NOT_NULL, withNull, "1 rows have a null player_id");
    }

    @Test
    void aColumnOfTheWrongTypeFailsTheSchemaCheck() throws Exception {
        Path wrongType = derive("SELECT * REPLACE (CAST(active_days_since_last_purchase AS VARCHAR)"
                + " AS active_days_since_last_purchase) FROM good", m -> m);
        assertRefusedBy(PublishGate.SCHEMA, wrongType,
                "column 'active_days_since_last_purchase' has type VARCHAR, expected BIGINT");
    }

    @Test
    void aMissingColumnFailsTheSchemaCheck() throws Exception {
        Path missing = derive("SELECT * EXCLUDE (country) FROM good", m -> m);
        assertRefusedBy(PublishGate.SCHEMA, missing, "missing column 'country'");
    }

    @Test
    void aManifestDeclaringAnotherSchemaFailsTheSchemaCheck() throws Exception {
        Path declared = derive("SELECT * FROM good", m -> SnapshotFixtures.withSchema(m,
                List.of(new SnapshotManifest.Column("player_id", "VARCHAR"))));
        assertRefusedBy(PublishGate.SCHEMA, declared, "manifest: missing column 'country'");
    }

    @Test
    void theShrinkGuardRefusesASnapshotThatLostMoreThanTheAllowedShareOfRows() throws Exception {
        Path shrunk = derive("SELECT * FROM good ORDER BY player_id LIMIT 800", m -> m);
        assertThatThrownBy(() -> publisher(PublishOptions.defaults().withShrinkGuard(10, false)).publish(shrunk))
                .isInstanceOf(GateFailedException.class)
                .hasMessage("gate check 'shrink guard' failed: 800 rows is 20.0% fewer than the 1000 of live version"
                        + " v000001, more than --max-shrink-percent 10; pass --allow-shrink to publish anyway;"
                        + " the live version is unchanged");
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo("v000001");
    }

    @Test
    void theShrinkGuardLetsThroughAShrinkWithinTheLimitOrWhenOverridden() throws Exception {
        Path shrunk = derive("SELECT * FROM good ORDER BY player_id LIMIT 800", m -> m);

        assertThat(publisher(PublishOptions.defaults().withShrinkGuard(20, false)).publish(shrunk).version().rows())
                .isEqualTo(800);
        Path shrunkAgain = derive("SELECT * FROM good ORDER BY player_id LIMIT 100", m -> m);
        assertThat(publisher(PublishOptions.defaults().withShrinkGuard(10, true)).publish(shrunkAgain).version().rows())
                .isEqualTo(100);
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo("v000003");
    }

    @Test
    void anEmptySnapshotFailsTheRowCountCheckEvenWithTheShrinkGuardOff() throws Exception {
        Path empty = derive("SELECT * FROM good LIMIT 0", m -> SnapshotFixtures.withRowCount(m, 0));
        assertThatThrownBy(() -> publisher(PublishOptions.defaults().withShrinkGuard(100, true)).publish(empty))
                .isInstanceOf(GateFailedException.class)
                .hasMessage("gate check 'row count' failed: the snapshot has no rows: live, it would answer 404 for"
                        + " every player; the live version is unchanged");
        assertThat(store.liveVersion().orElseThrow().id()).isEqualTo("v000001");
    }
}
