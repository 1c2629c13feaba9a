package com.playerattributes.bench;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.PanelValueCodec;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The naive load publish is measured against: one thread reads the snapshot and does one RocksDB put per row
 * into a regular database (write-ahead log on, default options), the way the issue says not to do it.
 */
final class PerRowPutBaseline {
    private PerRowPutBaseline() {
    }

    /** @return rows loaded */
    static long load(Path snapshot, Path dbDir) throws SQLException, RocksDBException {
        RocksDB.loadLibrary();
        long rows = 0;
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dbDir.toString());
             Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + snapshot.resolve("part-*.parquet") + "')")) {
            while (rs.next()) {
                PanelRow row = new PanelRow(rs.getString(1), rs.getString(2), (Double) rs.getObject(3),
                        (Double) rs.getObject(4), (Long) rs.getObject(5), (Double) rs.getObject(6));
                db.put(PanelValueCodec.key(row.playerId()), PanelValueCodec.encode(row));
                rows++;
            }
        }
        return rows;
    }
}
