package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;

/**
 * The accuracy goes up and down instead of settling: AUTOTRAINER's rule, counting peak-to-trough swings of at
 * least {@code oscillationGap} in the per-epoch training and validation accuracy, flagged when there are at least
 * {@code oscillationShare} × epochs of them (and at least two, so one bad epoch is not a pattern). AUTOTRAINER's
 * fixed gap of 0.03 is below the sampling noise of a small validation set (German Credit's 80 samples: ±0.10),
 * so the gap is raised to two standard errors of the accuracy where that is larger.
 */
public final class OscillatingLoss implements Detector {
    @Override
    public String check() {
        return "oscillating-loss";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        int n = s.epochs.size();
        if (n < 4) {
            return Optional.empty();
        }
        double[] train = s.epochs.stream().mapToDouble(e -> e.trainAccuracy()).toArray();
        double[] valid = s.accuracyCurve();
        double trainGap = Math.max(t.oscillationGap(), TrainingSignals.noise(mean(train), s.trainSize));
        double validGap = Math.max(t.oscillationGap(),
                TrainingSignals.noise(mean(valid), s.hasValidation() ? s.validSize : s.trainSize));
        // the training loss itself: an epoch's mean loss 10% above the lowest since the last swing is a swing (Adam
        // at a high rate can bounce the loss while the accuracy, rounded by argmax, moves less than its gap)
        double[] loss = s.epochs.stream().mapToDouble(e -> e.trainLoss() > 0 && Double.isFinite(e.trainLoss())
                ? -Math.log(e.trainLoss()) : Double.NaN).toArray();
        int swings = Math.max(Math.max(swings(train, trainGap), swings(valid, validGap)),
                swings(loss, Math.log(1 + LOSS_SWING)));
        if (swings < Math.max(2, t.oscillationShare() * n)) {
            return Optional.empty();
        }
        return found(check(), "the accuracy oscillates", Severity.PROBLEM,
                swings + " swings of ≥ " + t.oscillationGap() + " in accuracy over " + n + " epochs",
                "switch to Adam, lower the learning rate (now " + s.config.learningRate() + ") or use a larger batch",
                s.currentEpoch(), "swings", swings);
    }

    /** A rise of the epoch's mean training loss by this share over its last trough counts as a swing. */
    static final double LOSS_SWING = 0.1;

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    /** Peak-then-trough pairs whose drop is at least {@code gap}. */
    public static int swings(double[] curve, double gap) {
        int count = 0;
        double peak = Double.NaN;
        for (int i = 0; i < curve.length; i++) {
            double v = curve[i];
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(peak) || v > peak) {
                peak = v;
            } else if (peak - v >= gap) {
                count++;
                peak = v;
            }
        }
        return count;
    }
}
