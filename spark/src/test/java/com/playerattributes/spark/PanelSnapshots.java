package com.playerattributes.spark;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.snapshot.SnapshotManifest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a snapshot back with DuckDB, independently of the engine that wrote it. */
final class PanelSnapshots {

    private PanelSnapshots() {
    }

    /** Every row, parts in manifest order and rows in file order (so sort order can be checked). */
    static List<PanelRow> rows(Path snapshot) throws SQLException {
        List<PanelRow> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (SnapshotManifest.Part part : SnapshotManifest.read(snapshot).parts()) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('"
                        + snapshot.resolve(part.file()) + "')")) {
                    while (rs.next()) {
                        rows.add(new PanelRow(rs.getString(1), rs.getString(2), (Double) rs.getObject(3),
                                (Double) rs.getObject(4), (Long) rs.getObject(5), (Double) rs.getObject(6)));
                    }
                }
            }
        }
        return rows;
    }

    /** Column name to DuckDB type, in file order, for one part file. */
    static Map<String, String> columnTypes(Path part) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + part + "')")) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return types;
    }
}
