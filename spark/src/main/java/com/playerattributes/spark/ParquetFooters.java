package com.playerattributes.spark;

import com.playerattributes.events.EventValidator;
import com.playerattributes.events.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Parquet footers through Hadoop's file systems (local, hdfs://, s3a://, gs://), so the Spark engine can
 * check input the way the DuckDB engine does, on the driver, before any Spark job starts.
 */
final class ParquetFooters {

    private ParquetFooters() {
    }

    /** The null player ids and the greatest event time of the whole input, from row-group statistics. */
    record InputStats(long nullPlayerIds, Instant latestEvent) {
    }

    /**
     * Checks every file's columns and, from the same footers, sums up {@link InputStats}: a footer read instead of
     * a scan of the data. Empty when some row group lacks the statistics (or stores INT96 timestamps).
     *
     * @throws InvalidInputException naming the first unreadable file or bad column, like the DuckDB engine
     */
    static Optional<InputStats> validateEvents(Configuration hadoop, List<String> files) {
        if (files.isEmpty()) {
            throw new InvalidInputException("--events: no input files");
        }
        long nulls = 0;
        Instant latest = null;
        boolean complete = true;
        for (String file : files) {
            ParquetMetadata footer = footer(hadoop, file);
            Map<String, String> types = columnTypes(footer.getFileMetaData().getSchema());
            EventValidator.checkColumns(displayName(file), types);
            if ("TIMESTAMP_NS".equals(types.get("timestamp_utc"))) {
                throw new InvalidInputException("events file " + displayName(file) + ": column 'timestamp_utc' has type"
                        + " TIMESTAMP_NS, which Spark cannot read; use --engine duckdb or store microseconds");
            }
            Optional<InputStats> stats = complete ? stats(footer) : Optional.empty();
            if (stats.isPresent()) {
                nulls += stats.get().nullPlayerIds();
                Instant fileLatest = stats.get().latestEvent();
                latest = latest == null || (fileLatest != null && fileLatest.isAfter(latest)) ? fileLatest : latest;
            } else {
                complete = false;
            }
        }
        return complete ? Optional.of(new InputStats(nulls, latest)) : Optional.empty();
    }

    static Optional<InputStats> stats(ParquetMetadata footer) {
        LogicalTypeAnnotation logical = footer.getFileMetaData().getSchema().getType("timestamp_utc")
                .getLogicalTypeAnnotation();
        if (!(logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts)) {
            return Optional.empty();
        }
        long nulls = 0;
        Instant latest = null;
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                String path = column.getPath().toDotString();
                if (!path.equals("player_id") && !path.equals("timestamp_utc")) {
                    continue;
                }
                Statistics<?> st = column.getStatistics();
                if (st == null || !st.isNumNullsSet()) {
                    return Optional.empty();
                }
                if (path.equals("player_id")) {
                    nulls += st.getNumNulls();
                } else if (st.hasNonNullValue() && st.genericGetMax() instanceof Long max) {
                    Instant t = ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS
                            ? Instant.ofEpochMilli(max) : Instant.EPOCH.plus(max, ChronoUnit.MICROS);
                    latest = latest == null || t.isAfter(latest) ? t : latest;
                } else if (st.getNumNulls() != block.getRowCount()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new InputStats(nulls, latest));
    }

    static long rowCount(Configuration hadoop, String file) {
        try (ParquetFileReader reader = open(hadoop, file)) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new InvalidInputException("parquet file " + file + ": " + EventValidator.firstLine(e.getMessage()), e);
        }
    }

    private static ParquetMetadata footer(Configuration hadoop, String file) {
        try (ParquetFileReader reader = open(hadoop, file)) {
            return reader.getFooter();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("events file " + displayName(file) + ": not a readable Parquet file ("
                    + EventValidator.firstLine(e.getMessage()) + ")", e);
        }
    }

    /** Top-level column name to the type name DuckDB would report, so one rule set checks both engines. */
    static Map<String, String> columnTypes(MessageType schema) {
        Map<String, String> types = new HashMap<>();
        for (Type field : schema.getFields()) {
            types.put(field.getName(), field.isPrimitive() ? duckDbType(field.asPrimitiveType()) : "STRUCT");
        }
        return types;
    }

    static String duckDbType(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
            if (ts.isAdjustedToUTC()) {
                return "TIMESTAMP WITH TIME ZONE";
            }
            return switch (ts.getUnit()) {
                case MILLIS -> "TIMESTAMP_MS";
                case MICROS -> "TIMESTAMP";
                case NANOS -> "TIMESTAMP_NS";
            };
        }
        return switch (type.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation ? "VARCHAR" : "BLOB";
            case INT96 -> "TIMESTAMP";
            case DOUBLE -> "DOUBLE";
            case FLOAT -> "FLOAT";
            case INT32 -> logical == null ? "INTEGER" : logical.toString();
            case INT64 -> logical == null ? "BIGINT" : logical.toString();
            case BOOLEAN -> "BOOLEAN";
        };
    }

    /** Local files are named as plain paths in messages, like the DuckDB engine does; others as their URI. */
    static String displayName(String file) {
        return file.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(file)).toString() : file;
    }

    private static ParquetFileReader open(Configuration hadoop, String file) throws IOException {
        return ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), hadoop));
    }
}
