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
import java.util.stream.Collectors;

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
            if (!Files.isReadable(file)) {
                throw new InvalidInputException("events file " + file + ": not readable");
            }
        }
        Map<Path, String> schemas = schemaSignatures(duckdb, files);
        if (schemas == null) { // some footer is unreadable: find and name the first bad file
            for (Path file : files) {
                checkColumns(file.toString(), columnTypes(duckdb, file));
            }
            return;
        }
        // DuckDB derives column types from the footer's schema alone, so files with an identical schema need
        // only one DESCRIBE: a whole day of files from one writer costs one footer scan and one DESCRIBE.
        Map<String, Map<String, String>> typesBySchema = new HashMap<>();
        for (Path file : files) {
            Map<String, String> types = typesBySchema.computeIfAbsent(schemas.get(file), s -> columnTypes(duckdb, file));
            checkColumns(file.toString(), types);
        }
    }

    /** Every file's full Parquet schema as one string, from one footer scan; null if any footer is unreadable. */
    private static Map<Path, String> schemaSignatures(Connection duckdb, List<Path> files) {
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            byName.put(file.toString(), file);
        }
        Map<Path, StringBuilder> signatures = new HashMap<>();
        String list = files.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "));
        // Rows come in schema order per file (insertion order is preserved), so nesting stays part of the string.
        String sql = "SELECT file_name, name, type, type_length, repetition_type, num_children, converted_type, scale,"
                + " precision, field_id, logical_type FROM parquet_schema([" + list + "])";
        try (Statement st = duckdb.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Path file = byName.get(rs.getString(1));
                if (file == null) {
                    return null; // DuckDB spelled the path differently: no shortcut
                }
                StringBuilder signature = signatures.computeIfAbsent(file, f -> new StringBuilder());
                for (int i = 2; i <= columns; i++) {
                    String value = rs.getString(i);
                    // length-prefixed, so no column name or type text can run into the next
                    signature.append(value == null ? "-" : value.length() + ":" + value).append(';');
                }
                signature.append('|');
            }
        } catch (SQLException e) {
            return null;
        }
        if (signatures.size() != files.size()) {
            return null;
        }
        Map<Path, String> result = new HashMap<>();
        signatures.forEach((file, sig) -> result.put(file, sig.toString()));
        return result;
    }

    /** DuckDB's type for every column of one file. */
    private static Map<String, String> columnTypes(Connection duckdb, Path file) {
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
        return types;
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
