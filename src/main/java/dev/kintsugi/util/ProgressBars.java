package dev.kintsugi.util;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** One look for every progress bar: ASCII, with ETA, on the given stream (standard error in the CLI). */
public final class ProgressBars {
    private ProgressBars() {
    }

    public static ProgressBar create(String task, long max, PrintStream out) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
    }
}
