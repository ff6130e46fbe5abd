package dev.kintsugi.dashboard;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.train.BatchEvent;
import dev.kintsugi.train.EpochEvent;
import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.train.TrainingStart;
import dev.kintsugi.train.TrainingWatchers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Training runs as dashboard events: each run's start, its epochs (train and valid loss and accuracy), the
 * weight-gradient norms of each epoch's first batch (the heatmap's column, once per epoch so it costs one
 * norm per weight per epoch), the doctor's findings and a batch-progress snapshot at most four times a
 * second. Runs are numbered in the order they start; a study's runs share one page.
 */
final class TrainingFeed implements TrainingWatchers.Watcher {
    static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final Dashboard dashboard;
    private final AtomicInteger runs = new AtomicInteger();
    // Trainers of one process run one at a time on the thread that drives them; this keeps the current
    // run per thread so that parallel studies (if any) would not mix their curves.
    private final ThreadLocal<Run> current = new ThreadLocal<>();
    /** Time spent in this feed's callbacks on the training thread: the dashboard's cost to the run. */
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong trainingNanos = new java.util.concurrent.atomic.AtomicLong();

    private static final class Run {
        final int id;
        final int epochs;
        final int batches;
        long lastProgress;
        int epoch;

        Run(int id, int epochs, int batches) {
            this.id = id;
            this.epochs = epochs;
            this.batches = batches;
        }
    }

    TrainingFeed(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public void onTrainingStart(TrainingStart start) {
        long t0 = System.nanoTime();
        try {
            onTrainingStartTimed(start);
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private void onTrainingStartTimed(TrainingStart start) {
        Run run = new Run(runs.incrementAndGet(), start.config().epochs(), start.batchesPerEpoch());
        current.set(run);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run.id);
        body.put("architecture", start.network().spec().architecture());
        body.put("epochs", run.epochs);
        body.put("batchesPerEpoch", run.batches);
        body.put("trainSamples", start.train().size());
        body.put("seed", start.config().seed());
        dashboard.publish("training", body);
    }

    @Override
    public void onBatchEnd(BatchEvent e) {
        long t0 = System.nanoTime();
        try {
            onBatchEndTimed(e);
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private void onBatchEndTimed(BatchEvent e) {
        Run run = current.get();
        if (run == null) {
            return;
        }
        run.epoch = e.epoch();
        if (e.batch() == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run", run.id);
            body.put("epoch", e.epoch());
            Map<String, Double> norms = new LinkedHashMap<>();
            e.gradientNorms().forEach((name, norm) -> {
                if (name.endsWith("weight")) {
                    norms.put(name, norm);
                }
            });
            body.put("norms", norms);
            dashboard.publish("gradients", body);
        }
        long now = System.nanoTime();
        if (now - run.lastProgress >= PROGRESS_EVERY_NANOS || e.batch() == run.batches - 1) {
            run.lastProgress = now;
            long done = (long) (e.epoch() - 1) * run.batches + e.batch() + 1;
            dashboard.progress("run " + run.id + " training", done, (long) run.epochs * run.batches);
        }
    }

    @Override
    public void onEpochEnd(EpochEvent e) {
        long t0 = System.nanoTime();
        try {
            onEpochEndTimed(e);
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private void onEpochEndTimed(EpochEvent e) {
        Run run = current.get();
        EpochStats s = e.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run == null ? 0 : run.id);
        body.put("epoch", s.epoch());
        body.put("trainLoss", finite(s.trainLoss()));
        body.put("trainAccuracy", finite(s.trainAccuracy()));
        body.put("validLoss", finite(s.validLoss()));
        body.put("validAccuracy", finite(s.validAccuracy()));
        body.put("seconds", s.seconds());
        // when the epoch ended, by this machine's clock: how late a page got the event (bench/dashboard.sh)
        body.put("endedAtMillis", System.currentTimeMillis());
        dashboard.publish("epoch", body);
    }

    @Override
    public void onTrainingEnd(TrainingHistory history) {
        long t0 = System.nanoTime();
        try {
            onTrainingEndTimed(history);
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private void onTrainingEndTimed(TrainingHistory history) {
        trainingNanos.addAndGet((long) (history.seconds * 1e9));
        Run run = current.get();
        if (run != null) {
            dashboard.publish("trainingEnd", Map.of("run", run.id, "epochs", history.epochs.size()));
        }
        current.remove();
    }

    @Override
    public void onFinding(int epoch, int step, Finding f) {
        Run run = current.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run == null ? 0 : run.id);
        body.put("epoch", epoch);
        body.put("step", step);
        body.put("check", f.check());
        body.put("severity", f.severity().toString());
        body.put("problem", f.problem());
        body.put("evidence", f.evidence());
        body.put("fix", f.fix());
        dashboard.publish("finding", body);
    }

    /** Seconds spent in this feed's callbacks, and in the training runs it watched to their end. */
    double[] cost() {
        return new double[] {nanos.get() / 1e9, trainingNanos.get() / 1e9};
    }

    /** JSON has no NaN: a missing value (no validation split) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
