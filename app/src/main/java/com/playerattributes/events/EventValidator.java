package com.playerattributes.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every event file before any work starts: readable Parquet, every required column present with an
 * accepted type. Reads only file footers, so it is cheap even for large inputs.
 */
public final class EventValidator {

    private EventValidator() {
    }

    /** @throws InvalidInputException naming the first bad file and column */
    public static void validate(Connection duckdb, List<Path> files) {
        if (files.isEmpty()) {
            throw new InvalidInputException("--events: no input files");
        }
        for (Path file : files) {
            validateFile(duckdb, file);
        }
    }

    private static void validateFile(Connection duckdb, Path file) {
        if (!Files.isReadable(file)) {
            throw new InvalidInputException("events file " + file + ": not readable");
        }
        Map<String, String> types = new HashMap<>();
        String sql = "DESCRIBE SELECT * FROM read_parquet(" + quote(file.toString()) + ")";
        try (Statement st = duckdb.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        } catch (SQLException e) {
            throw new InvalidInputException("events file " + file + ": not a readable Parquet file ("
                    + firstLine(e.getMessage()) + ")", e);
        }
        checkColumns(file.toString(), types);
    }

    /**
     * Checks one file's column types (DuckDB type names) against {@link EventSchema}; shared with engines that
     * read the schema some other way (the Spark engine reads Parquet footers).
     *
     * @throws InvalidInputException naming the file and the first missing or mistyped column
     */
    public static void checkColumns(String file, Map<String, String> types) {
        for (String column : EventSchema.requiredColumns()) {
            String type = types.get(column);
            if (type == null) {
                throw new InvalidInputException("events file " + file + ": missing required column '" + column + "'");
            }
            if (!EventSchema.accepts(column, type)) {
                throw new InvalidInputException("events file " + file + ": column '" + column + "' has type " + type
                        + ", expected " + EventSchema.expectedType(column));
            }
        }
    }

    /** A SQL string literal; file names are never spliced into SQL any other way. */
    public static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * DuckDB messages can span lines and the CLI promises one-line errors. DuckDB's JDBC driver puts its own
     * wrapper ("unsuccessful or closed pending query result") first and the real cause on an "Error: " line
     * below; that cause is the line worth showing.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        for (String line : trimmed.split("\n")) {
            if (line.startsWith("Error: ")) {
                return line.substring("Error: ".length()).strip();
            }
        }
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
