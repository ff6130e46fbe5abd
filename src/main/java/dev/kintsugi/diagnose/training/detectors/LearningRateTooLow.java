package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;
import dev.kintsugi.train.EpochStats;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * The learning rate is too low. Symptom: over at least {@code plateauEpochs} epochs the training loss falls every
 * epoch, but on average by less than {@code plateauChange} (relative), and it never dropped fast (less than 5%
 * below the untrained loss after the first epoch): steady, slow descent rather than a plateau. The configured
 * rate alone (DeepDiagnosis: below 1e-5) is a warning.
 */
public final class LearningRateTooLow implements Detector {
    @Override
    public String check() {
        return "learning-rate-too-low";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        double lr = s.config.learningRate();
        String fix = "raise the learning rate (now " + num(lr) + ", try " + num(lr * 10) + ")";
        int n = s.epochs.size();
        if (n >= t.plateauEpochs() && s.epochs.get(0).trainLoss() > 0.95 * s.initialLoss) {
            boolean falling = true;
            double relative = 0;
            double prev = s.initialLoss;
            for (EpochStats e : s.epochs) {
                falling &= e.trainLoss() < prev;
                relative += (prev - e.trainLoss()) / prev;
                prev = e.trainLoss();
            }
            relative /= n;
            if (falling && relative < t.plateauChange()) {
                return found(check(), "the loss falls steadily but very slowly: the learning rate is too low",
                        Severity.PROBLEM, "training loss fell " + num(100 * relative) + "% per epoch on average", fix,
                        s.currentEpoch(), "relativeDecrease", relative, "learningRate", lr);
            }
        }
        // Still in its initial descent at the end: the loss fell every epoch and the last epoch's drop is at least half
        // the run's average drop per epoch. A run at a sound rate makes most of its progress early and then slows
        // down; one that never slows down has not reached the regime its rate should have taken it to, whatever the
        // size of its per-epoch gains (a fixed gain threshold misses rates only a few times too low).
        if (n >= t.plateauEpochs() && s.epochs.get(n - 1).trainAccuracy() < t.fittedAccuracy()) {
            boolean falling = true;
            double prev = s.initialLoss;
            for (EpochStats e : s.epochs) {
                falling &= Double.isFinite(e.trainLoss()) && e.trainLoss() < prev;
                prev = e.trainLoss();
            }
            double last = s.epochs.get(n - 1).trainLoss();
            double meanDrop = (s.initialLoss - last) / n;
            double lastDrop = s.epochs.get(n - 2).trainLoss() - last;
            // ... and the accuracy is still climbing visibly: over the second half of the run it gained more than its
            // sampling noise (a run whose validation accuracy has levelled off is not held back by its rate)
            double[] acc = s.accuracyCurve();
            double lastAcc = acc[n - 1];
            double midAcc = acc[(n - 1) / 2];
            boolean climbing = lastAcc - midAcc > TrainingSignals.noise(lastAcc,
                    s.hasValidation() ? s.validSize : s.trainSize);
            if (falling && climbing && meanDrop > 0 && lastDrop >= 0.5 * meanDrop) {
                return found(check(), "the loss is still falling at its initial pace: the learning rate is too low",
                        Severity.PROBLEM, "training loss fell " + num(lastDrop) + " in the last epoch against "
                                + num(meanDrop) + " per epoch on average over " + n + " epochs (no slowing down)",
                        fix, s.currentEpoch(), "lastDrop", lastDrop, "meanDrop", meanDrop, "learningRate", lr);
            }
        }
        if (lr < t.lrLow()) {
            return found(check(), "the learning rate is very low", Severity.WARNING,
                    "lr " + num(lr) + " < " + num(t.lrLow()), fix, Math.max(1, s.currentEpoch()), "learningRate", lr);
        }
        return Optional.empty();
    }
}
