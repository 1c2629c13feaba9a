package com.playerattributes.cli;

import com.playerattributes.publish.PublishListener;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar with rows/s and ETA, redrawn in place on stderr. Only drawn on a terminal, so logs
 * and pipes stay clean.
 */
final class ProgressBar implements PublishListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final AtomicLong rows = new AtomicLong();
    private volatile long total;
    private volatile long startNanos;
    private ScheduledExecutorService ticker;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on stderr if stdout/stderr is a terminal, else nothing. */
    static PublishListener forTerminal() {
        return System.console() != null ? new ProgressBar(System.err) : PublishListener.NONE;
    }

    @Override
    public synchronized void loadStarted(String versionId, long totalRows) {
        total = totalRows;
        startNanos = System.nanoTime();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-bar");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, 0, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void rowsLoaded(long n) {
        rows.addAndGet(n);
    }

    @Override
    public synchronized void loadFinished() {
        if (ticker != null) {
            ticker.shutdownNow();
            draw();
            out.println();
            out.flush();
        }
    }

    synchronized void draw() {
        out.print("\r" + render(rows.get(), total, (System.nanoTime() - startNanos) / 1e9));
        out.flush();
    }

    /** The bar's text, e.g. {@code [#######.......]  47%  4,700,000/10,000,000 rows  812,345 rows/s  ETA 7s}. */
    static String render(long done, long total, double seconds) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? Math.round((total - done) / rate) + "s" : "-";
        return String.format("[%s%s] %3d%%  %,d/%,d rows  %,.0f rows/s  ETA %s   ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, rate, eta);
    }
}
