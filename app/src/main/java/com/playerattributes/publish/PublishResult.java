package com.playerattributes.publish;

import com.playerattributes.store.StoreVersion;

import java.time.Duration;
import java.util.List;

/**
 * @param version     the version made live
 * @param duration    from start (lock taken) to live switch
 * @param chunks      key-range chunks loaded
 * @param retries     chunk attempts that failed and were retried
 * @param deleted     old versions removed by retention
 */
public record PublishResult(StoreVersion version, Duration duration, int chunks, int retries, List<String> deleted) {

    public double rowsPerSecond() {
        double seconds = Math.max(duration.toNanos(), 1) / 1e9;
        return version.rows() / seconds;
    }

    /** The one-line summary printed after every publish. */
    public String summary() {
        return String.format("published %s: %,d rows, %s, %.2f s, %,.0f rows/s; live version: %s (as of %s)",
                version.source(), version.rows(), humanBytes(version.bytes()), duration.toNanos() / 1e9,
                rowsPerSecond(), version.id(), version.asOf());
    }

    public static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
