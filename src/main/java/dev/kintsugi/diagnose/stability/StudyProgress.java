package dev.kintsugi.diagnose.stability;

import java.util.Locale;

/**
 * Progress over a study's runs as a text bar with ETA, e.g. {@code runs [####------] 4/10 ETA 5m12s}.
 * Shown beside each run's epoch progress bar and printed after each run. The ETA uses the mean wall time
 * of the runs trained by this process (resumed runs took their time elsewhere, under other load).
 */
final class StudyProgress {
    private static final int WIDTH = 10;

    private final int total;
    private int done;
    private int timed;
    private double timedSeconds;

    StudyProgress(int total) {
        this.total = total;
    }

    void skipped() {
        done++;
    }

    void finished(double seconds) {
        done++;
        timed++;
        timedSeconds += seconds;
    }

    int done() {
        return done;
    }

    String line() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String eta = timed == 0 ? "?" : duration(timedSeconds / timed * (total - done));
        return String.format(Locale.ROOT, "runs [%s] %d/%d ETA %s", bar, done, total, eta);
    }

    /** The short form shown beside an epoch bar, which the terminal width may cut: {@code run 4/10 ETA 5m12s}. */
    String shortLine(int running) {
        return String.format(Locale.ROOT, "run %d/%d ETA %s", running, total,
                timed == 0 ? "?" : duration(timedSeconds / timed * (total - done)));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
