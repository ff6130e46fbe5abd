package dev.kintsugi.train;

import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar per epoch with ETA and the running loss and accuracy, on standard error so that
 * standard output stays clean for results. Extra text (for example the doctor's latest finding) can be
 * shown beside it.
 */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private ProgressBar bar;
    private int epochs;
    private int batchesPerEpoch;
    private double lossSum;
    private double accSum;
    private int batches;
    private volatile String note = "";

    public ProgressListener(PrintStream out) {
        this.out = out;
    }

    /** Text shown after the metrics until replaced. */
    public void note(String text) {
        this.note = text == null ? "" : text;
    }

    @Override
    public void onTrainingStart(TrainingStart start) {
        epochs = start.config().epochs();
        batchesPerEpoch = start.batchesPerEpoch();
    }

    @Override
    public void onBatchEnd(BatchEvent e) {
        if (bar == null) {
            bar = ProgressBars.create(String.format(Locale.ROOT, "epoch %d/%d", e.epoch(), epochs), batchesPerEpoch, out,
                    false);
            lossSum = 0;
            accSum = 0;
            batches = 0;
        }
        lossSum += e.loss();
        accSum += e.accuracy();
        batches++;
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.3f %s", lossSum / batches, accSum / batches,
                note));
    }

    @Override
    public void onEpochEnd(EpochEvent e) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        EpochStats s = e.stats();
        out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.4f  valid loss %.4f acc %.4f  %.1fs%n", s.epoch(),
                epochs, s.trainLoss(), s.trainAccuracy(), s.validLoss(), s.validAccuracy(), s.seconds());
    }

    /** A run stopped inside an epoch (early stopping, the doctor) leaves its bar open; close it. */
    @Override
    public void onTrainingEnd(TrainingHistory history) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
