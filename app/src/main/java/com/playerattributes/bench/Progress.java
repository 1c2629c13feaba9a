package com.playerattributes.bench;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * One rewritten status line for long work ({@code 1,200,000 / 10,000,000 players  52,000 players/s  ETA 2m49s}),
 * only when a person is watching a terminal; scripts and logs see nothing.
 */
public final class Progress {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final PrintStream out;
    private final String unit;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;

    private Progress(PrintStream out, String unit, long total) {
        this.out = out;
        this.unit = unit;
        this.total = total;
    }

    /** A progress line on stderr if stdout is a terminal, otherwise a silent one. */
    public static Progress onTerminal(String unit, long total) {
        return new Progress(System.console() != null ? System.err : null, unit, total);
    }

    public static Progress to(PrintStream out, String unit, long total) {
        return new Progress(out, unit, total);
    }

    public synchronized void update(long done) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastPrintNanos < INTERVAL_NANOS) {
            return;
        }
        lastPrintNanos = now;
        out.print("\r" + line(done, now - startNanos) + "   ");
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    String line(long done, long elapsedNanos) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 ? duration((long) ((total - done) / rate)) : "?";
        return String.format("%,d / %,d %s  %,.0f %s/s  ETA %s", done, total, unit, rate, unit, eta);
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
