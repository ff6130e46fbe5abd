package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.study.grid.GridEngine;
import dev.kintsugi.train.ProgressListener;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingHistory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stability across seeds: trains the same model on the same data N times, varying only one source of
 * randomness ({@link Vary}), one run after another in this JVM, and measures how far the runs' outcomes
 * spread (final test accuracy), which runs collapse ({@link CollapseRule}) and how much their test
 * predictions disagree ({@link PredictionAgreement}). Every finished run is saved at once
 * ({@link StudyDirectory}), so a killed study resumes at the first unfinished run.
 */
public final class StabilityStudy {
    private final StudyDesign design;
    private final ArchitectureSpec spec;
    private final Splits splits;
    private final CollapseRule rule;
    private RunWatcher watcher = (index, runs, seeds, state, record) -> {
    };

    /** Hears each run's state as the study goes (a live view such as the dashboard). */
    @FunctionalInterface
    public interface RunWatcher {
        /**
         * @param state  queued, running, done, resumed (finished by an earlier invocation) or failed
         * @param record the finished run (done, resumed), else null
         */
        void run(int index, int runs, RunSeeds seeds, String state, RunRecord record);
    }

    /** {@code spec} must be the network {@code design} describes, fitted to {@code splits}. */
    public StabilityStudy(StudyDesign design, ArchitectureSpec spec, Splits splits, CollapseRule rule) {
        this.design = design;
        this.spec = spec;
        this.splits = splits;
        this.rule = rule;
    }

    /**
     * The study {@code design} describes, its data loaded on this machine and checked to be the study's (the split
     * checksums the design recorded) and its network rebuilt from the recorded architecture and options:
     * what a grid worker, which has only the design ({@code where}, for messages), trains a run with.
     */
    public static StabilityStudy fromDesign(StudyDesign design, String where) {
        Splits splits = DatasetResolver.resolve(design.dataset(), design.splitSeed());
        String[][] checks = {{"train", design.trainSha256(), splits.train().checksum()},
                {"valid", design.validSha256(), splits.valid().checksum()},
                {"test", design.testSha256(), splits.test().checksum()}};
        for (String[] c : checks) {
            if (!c[1].equals(c[2])) {
                throw new KintsugiException(design.dataset() + " on this machine is not the data of " + where
                        + ": its " + c[0] + " split has checksum " + c[2].substring(0, Math.min(12, c[2].length()))
                        + "..., the study's " + c[1].substring(0, Math.min(12, c[1].length())) + "...");
            }
        }
        ArchitectureSpec spec = ModelZoo.specFor(design.architecture(), design.options(), splits.train(),
                design.normalize());
        if (!spec.architecture().equals(design.architecture()) || !spec.options().equals(design.options())) {
            throw new KintsugiException("the network rebuilt from " + where + " is not the study's: "
                    + spec.architecture() + " " + spec.options());
        }
        return new StabilityStudy(design, spec, splits, CollapseRule.defaults());
    }

    /** Tells {@code w} about every run's state from now on. */
    public StabilityStudy watch(RunWatcher w) {
        this.watcher = w;
        return this;
    }

    /** Runs 0..{@code runs}-1, skipping those {@code dir} already holds; {@code log} (may be null) shows progress. */
    public StabilityResult run(int runs, StudyDirectory dir, PrintStream log) {
        requireRuns(runs);
        if (splits.test().size() == 0) {
            throw new KintsugiException("the test split of " + design.dataset() + " is empty");
        }
        StudyProgress progress = new StudyProgress(runs);
        List<RunRecord> records = new ArrayList<>();
        List<Boolean> resumed = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            watcher.run(r, runs, design.seeds(r), "queued", null);
        }
        for (int r = 0; r < runs; r++) {
            RunSeeds seeds = design.seeds(r);
            Optional<RunRecord> done = finished(dir, r);
            if (done.isPresent()) {
                records.add(done.get());
                resumed.add(true);
                watcher.run(r, runs, seeds, "resumed", done.get());
                progress.skipped();
                if (log != null) {
                    log.printf(Locale.ROOT, "run %d/%d already finished: test accuracy %.4f%n", r + 1, runs,
                            done.get().testAccuracy());
                }
                continue;
            }
            if (log != null) {
                log.printf(Locale.ROOT, "run %d/%d: %s%n", r + 1, runs, describe(seeds));
            }
            watcher.run(r, runs, seeds, "running", null);
            RunRecord record;
            try {
                record = train(seeds, log == null ? null : progressListener(log, progress, r + 1));
            } catch (RuntimeException e) {
                watcher.run(r, runs, seeds, "failed", null);
                throw e;
            }
            dir.save(record);
            watcher.run(r, runs, seeds, "done", record);
            records.add(record);
            resumed.add(false);
            progress.finished();
            if (log != null) {
                log.printf(Locale.ROOT, "run %d/%d done in %.1fs: test accuracy %.4f   %s%n", r + 1, runs,
                        record.seconds(), record.testAccuracy(), progress.line());
            }
        }
        if (log != null && resumed.contains(true)) {
            log.printf(Locale.ROOT, "resumed: %d of %d runs were already finished in %s%n",
                    resumed.stream().filter(b -> b).count(), runs, dir.root());
        }
        return summarise(records, resumed);
    }

    /**
     * As {@link #run(int, StudyDirectory, PrintStream)}, but the unfinished runs go to {@code engine}, which runs
     * each in a process of its own wherever it runs cells (a cluster's executors), all reading the study folder;
     * then all runs are summarised here. Runs the folder already holds are resumed.
     */
    public StabilityResult run(int runs, StudyDirectory dir, GridEngine engine, PrintStream log) {
        requireRuns(runs);
        if (splits.test().size() == 0) {
            throw new KintsugiException("the test split of " + design.dataset() + " is empty");
        }
        List<Integer> pending = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Optional<RunRecord> done = finished(dir, r);
            watcher.run(r, runs, design.seeds(r), done.isPresent() ? "resumed" : "queued", done.orElse(null));
            if (done.isEmpty()) {
                pending.add(r);
            }
        }
        log.printf(Locale.ROOT, "stability: %d runs (%d finished already), engine %s%n", runs, runs - pending.size(),
                engine.name());
        StudyProgress progress = new StudyProgress(runs);
        for (int r = 0; r < runs - pending.size(); r++) {
            progress.skipped();
        }
        engine.run(new StabilityWork(dir), pending, r -> {
            watcher.run(r, runs, design.seeds(r), "running", null);
            log.printf(Locale.ROOT, "run %d/%d started: %s%n", r + 1, runs, describe(design.seeds(r)));
        }, record -> {
            int r = record.seeds().run();
            watcher.run(r, runs, record.seeds(), "done", record);
            synchronized (progress) {
                progress.finished();
                log.printf(Locale.ROOT, "run %d/%d done in %.1fs: test accuracy %.4f   %s%n", r + 1, runs,
                        record.seconds(), record.testAccuracy(), progress.line());
            }
        });
        List<RunRecord> records = new ArrayList<>();
        List<Boolean> resumed = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int run = r;
            records.add(finished(dir, r).orElseThrow(() -> new KintsugiException("run " + (run + 1) + " has no "
                    + "result in " + dir.runFile(run) + " after the engine finished")));
            resumed.add(!pending.contains(r));
        }
        return summarise(records, resumed);
    }

    /** Run {@code r}'s record if its file is there, checked to be made with this study's seeds. */
    private Optional<RunRecord> finished(StudyDirectory dir, int r) {
        RunSeeds seeds = design.seeds(r);
        Optional<RunRecord> done = dir.finished(r);
        if (done.isPresent() && !done.get().seeds().equals(seeds)) {
            throw new KintsugiException(dir.runFile(r) + " was made with seeds " + done.get().seeds()
                    + ", expected " + seeds + "; delete it to run that seed again");
        }
        return done;
    }

    /** A study needs two runs at least: churn and agreement compare runs. */
    public static void requireRuns(int runs) {
        if (runs < 2) {
            throw new KintsugiException("--seeds must be at least 2 (churn compares runs), got " + runs);
        }
    }

    /** Trains and evaluates one run. */
    public RunRecord train(RunSeeds seeds, ProgressListener progress) {
        long start = System.nanoTime();
        try (Network network = seeds.newNetwork(spec)) {
            Trainer trainer = seeds.trainer(design.training());
            if (progress != null) {
                trainer.addListener(progress);
            }
            TrainingHistory history = trainer.fit(network, splits.train(), splits.valid());
            Predictions test = Predictor.predict(network, splits.test());
            double valid = history.last() == null ? Double.NaN : history.last().validAccuracy();
            return new RunRecord(seeds, history, valid, test.accuracy(), test.predictedClasses(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    StabilityResult summarise(List<RunRecord> records, List<Boolean> resumed) {
        int n = records.size();
        int[][] predictions = new int[n][];
        double[] accuracies = new double[n];
        List<StabilityResult.Run> runs = new ArrayList<>();
        int collapsed = 0;
        for (int i = 0; i < n; i++) {
            RunRecord r = records.get(i);
            predictions[i] = r.testPredictions();
            accuracies[i] = r.testAccuracy();
            CollapseRule.Collapse collapse = rule.detect(r.history(), splits.valid().size() > 0 ? splits.valid().size()
                    : splits.train().size()).orElse(null);
            if (collapse != null) {
                collapsed++;
            }
            runs.add(new StabilityResult.Run(r.seeds(), r.testAccuracy(), r.validAccuracy(), r.history().epochs,
                    LossCurve.of(r.history()), collapse, r.seconds(), resumed.get(i)));
        }
        return new StabilityResult(design, rule, List.copyOf(runs), AccuracySpread.of(accuracies), collapsed,
                PredictionAgreement.of(predictions, splits.test().labels()), splits.test().size());
    }

    private static ProgressListener progressListener(PrintStream log, StudyProgress progress, int running) {
        ProgressListener listener = new ProgressListener(log);
        listener.note("| " + progress.shortLine(running));
        return listener;
    }

    static String describe(RunSeeds s) {
        return String.format(Locale.ROOT, "init seed %d, order seed %d, %s", s.init(), s.order(),
                s.augmentation() == null ? "no augmentation" : "augmentation seed " + s.augmentation());
    }
}
