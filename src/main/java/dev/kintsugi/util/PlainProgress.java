package dev.kintsugi.util;

import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress for a log file: instead of a bar redrawn with carriage returns, one plain line each time a long
 * step crosses another tenth of its work, and (unless the caller prints its own) one line when it ends.
 * Short steps print only that last line. It is both the bar's renderer and its consumer, so it sees the
 * progress state and decides when a line is due.
 */
final class PlainProgress implements ProgressBarRenderer, ProgressBarConsumer {
    /** A step shorter than this prints no intermediate lines. */
    static final Duration LONG_STEP = Duration.ofSeconds(10);

    private final PrintStream out;
    private final boolean finishLine;
    private final Duration longStep;
    private ProgressState state;
    private int lastTenth;
    private boolean closed;

    PlainProgress(PrintStream out, boolean finishLine, Duration longStep) {
        this.out = out;
        this.finishLine = finishLine;
        this.longStep = longStep;
    }

    @Override
    public synchronized String render(ProgressState progress, int maxLength) {
        state = progress;
        long max = progress.getMax();
        long current = progress.getCurrent();
        if (max <= 0 || current >= max) {
            return ""; // the end is close()'s line
        }
        int tenth = (int) (10 * current / max);
        if (tenth <= lastTenth) {
            return "";
        }
        lastTenth = tenth;
        Duration elapsed = progress.getElapsedAfterStart();
        if (elapsed.compareTo(longStep) < 0) {
            return "";
        }
        Duration eta = current == 0 ? null : elapsed.multipliedBy(max - current).dividedBy(current);
        return String.format(Locale.ROOT, "%s: %d%% (%d/%d) elapsed %s, ETA %s%s", progress.getTaskName(),
                Math.round(100.0 * current / max),
                current, max, clock(elapsed), eta == null ? "?" : clock(eta), extra(progress));
    }

    @Override
    public synchronized void accept(String line) {
        if (line != null && !line.isEmpty()) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public int getMaxRenderedLength() {
        return 200;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (finishLine && state != null) {
            out.println(String.format(Locale.ROOT, "%s: %d/%d in %s%s", state.getTaskName(), state.getCurrent(),
                    state.getMax(), clock(state.getElapsedAfterStart()), extra(state)));
            out.flush();
        }
    }

    private static String extra(ProgressState s) {
        String m = s.getExtraMessage();
        return m == null || m.isBlank() ? "" : " " + m.strip();
    }

    static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
