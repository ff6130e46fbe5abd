package dev.kintsugi.util;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/**
 * One look for every progress bar: ASCII, with ETA, on the given stream (standard error in the CLI). When
 * that stream is not a terminal (a log file, CI) the bar becomes plain lines ({@link PlainProgress}).
 */
public final class ProgressBars {
    private ProgressBars() {
    }

    public static ProgressBar create(String task, long max, PrintStream out) {
        return create(task, max, out, true);
    }

    /**
     * @param finishLine in plain mode, whether to print a line when the bar closes (false when the caller
     *                   prints its own summary, as training does per epoch)
     */
    public static ProgressBar create(String task, long max, PrintStream out, boolean finishLine) {
        return create(task, max, out, finishLine, Terminals.isTerminal(out), PlainProgress.LONG_STEP, 250);
    }

    static ProgressBar create(String task, long max, PrintStream out, boolean finishLine, boolean terminal,
                              Duration longStep, int updateMillis) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(updateMillis);
        if (terminal) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out));
        } else {
            PlainProgress plain = new PlainProgress(out, finishLine, longStep);
            builder.setRenderer(plain).setConsumer(plain);
        }
        return builder.build();
    }
}
