package dev.kintsugi.study.grid;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code kintsugi study} as a Java call: opens (or resumes) the study folder, trains the originals it lacks,
 * runs every unfinished cell on the engine with one progress bar over the whole grid, and summarises all
 * cells, in the plan's order, into the study's results.
 */
public final class GridStudy {
    /** What a study run produced. */
    public record Outcome(StudyFolder folder, List<CellResult> cells, StudySummary summary,
                          List<StudyFindings> findings, int resumedCells, int ranCells) {
    }

    private GridStudy() {
    }

    public static Outcome run(Path out, StudyPlan plan, GridEngine engine, String command, PrintStream log) {
        return run(out, plan, engine, command, log, StudyWatcher.NONE);
    }

    /** As {@link #run(Path, StudyPlan, GridEngine, String, PrintStream)}, telling {@code watcher} as cells move. */
    public static Outcome run(Path out, StudyPlan plan, GridEngine engine, String command, PrintStream log,
                              StudyWatcher watcher) {
        return run(out, plan, engine, command, log, watcher, false);
    }

    /**
     * As {@link #run(Path, StudyPlan, GridEngine, String, PrintStream, StudyWatcher)}; with {@code retryFailed}, cells
     * recorded as failed (a worker without a dataset, a crash) are run again too, each overwriting its file.
     */
    public static Outcome run(Path out, StudyPlan plan, GridEngine engine, String command, PrintStream log,
                              StudyWatcher watcher, boolean retryFailed) {
        StudyFolder folder = StudyFolder.open(out, plan);
        List<Cell> all = plan.cells();
        List<Cell> pending = new ArrayList<>();
        for (Cell c : all) {
            if (folder.finished(c).filter(r -> !(retryFailed && CellResult.FAILED.equals(r.status()))).isEmpty()) {
                pending.add(c);
            }
        }
        int resumed = all.size() - pending.size();
        watcher.planned(all, finishedCells(folder));
        log.printf(Locale.ROOT, "study: %d approaches x %d benchmarks x %d seeds = %d cells (%d finished already), "
                        + "engine %s%n", plan.approaches().size(), plan.benchmarks().size(), plan.seeds(), all.size(),
                resumed, engine.name());
        if (!pending.isEmpty()) {
            Originals.ensure(folder, command, log);
            // Resumed cells took their time in another run: the ETA counts only this run's cells.
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("cells").setInitialMax(all.size())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                    .setConsumer(new ConsoleProgressBarConsumer(log)).startsFrom(resumed, Duration.ZERO).build()) {
                engine.run(new StudyWork(folder), pending, watcher::started, r -> {
                    int done;
                    synchronized (bar) {
                        bar.step();
                        bar.setExtraMessage(r.cell().label() + ": " + r.status());
                        done = (int) bar.getCurrent();
                    }
                    watcher.finished(r, done, all.size());
                });
            }
        }
        List<CellResult> cells = all.stream().map(c -> folder.finished(c).orElseThrow(() ->
                new dev.kintsugi.KintsugiException("cell " + c.label() + " has no result after the run"))).toList();
        StudySummary summary = StudySummary.of(plan, cells);
        return new Outcome(folder, cells, summary, StudyFindings.check(summary), resumed, pending.size());
    }

    /** The finished cells of an existing study folder, in the plan's order (unfinished cells left out). */
    public static List<CellResult> finishedCells(StudyFolder folder) {
        return folder.plan().cells().stream().map(folder::finished).flatMap(java.util.Optional::stream).toList();
    }
}
