package dev.kintsugi.diagnose.stability;

import java.util.Locale;

/**
 * Progress over a study's runs as a text bar with ETA, e.g. {@code runs [####------] 4/10 ETA 5m12s}.
 * Shown beside each run's epoch progress bar and printed after each run. The ETA is the wall time since this
 * process started its runs, per run it finished, times the runs left: the pace, which holds whether the engine
 * trains one run at a time or several at once (summing the runs' own times would overestimate by the number
 * running in parallel). Resumed runs do not count: they took their time elsewhere, under other load.
 */
final class StudyProgress {
    private static final int WIDTH = 10;

    private final int total;
    private final java.util.function.LongSupplier nanoTime;
    private final long startNanos;
    private int done;
    private int timed;

    StudyProgress(int total) {
        this(total, System::nanoTime);
    }

    /** With the clock given, for tests. */
    StudyProgress(int total, java.util.function.LongSupplier nanoTime) {
        this.total = total;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    void skipped() {
        done++;
    }

    /** A run trained by this process finished. */
    void finished() {
        done++;
        timed++;
    }

    private String eta() {
        if (timed == 0) {
            return "?";
        }
        double elapsed = (nanoTime.getAsLong() - startNanos) / 1e9;
        return duration(elapsed / timed * (total - done));
    }

    int done() {
        return done;
    }

    String line() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        return String.format(Locale.ROOT, "runs [%s] %d/%d ETA %s", bar, done, total, eta());
    }

    /** The short form shown beside an epoch bar, which the terminal width may cut: {@code run 4/10 ETA 5m12s}. */
    String shortLine(int running) {
        return String.format(Locale.ROOT, "run %d/%d ETA %s", running, total, eta());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
