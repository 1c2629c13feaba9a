package com.playerattributes.bench;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * @param players        how many players to generate
 * @param days           days of history, ending on {@code end}
 * @param end            last day of the history (inclusive)
 * @param seed           the same seed always gives the same files
 * @param out            directory to create; must not exist yet, or be empty
 * @param playersPerFile players per Parquet file; also the unit of work and of memory
 * @param threads        files generated at once
 */
public record GenerateRequest(long players, int days, LocalDate end, long seed, Path out, int playersPerFile, int threads) {
    public GenerateRequest {
        if (players < 1) {
            throw new IllegalArgumentException("--players must be at least 1");
        }
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        if (playersPerFile < 1) {
            throw new IllegalArgumentException("--players-per-file must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
    }

    public long files() {
        return (players + playersPerFile - 1) / playersPerFile;
    }
}
