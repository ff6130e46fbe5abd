package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.Evidence;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * The learning rate is too high. Symptoms (seed 002): loss spikes (a batch loss {@code spikeFactor} times the
 * median of the previous 20 and above half the untrained loss, in at least {@code spikeShare} of the last epoch's
 * batches) or a training loss that ends an epoch 10% above the untrained model's, and rising. The configured rate alone (UMLAUT:
 * above 0.01 for Adam; for SGD Kintsugi uses {@code sgdLrHigh}, since DeepDiagnosis's 0.1 is a common SGD
 * setting) is only a warning.
 */
public final class LearningRateTooHigh implements Detector {
    @Override
    public String check() {
        return "learning-rate-too-high";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        double lr = s.config.learningRate();
        String fix = "lower the learning rate (now " + num(lr) + ", try " + num(lr / 10) + ")";
        int n = s.epochs.size();
        if (n >= 1) {
            int spikes = 0;
            int batches = 0;
            int epoch = s.epochs.get(n - 1).epoch();
            for (int i = 20; i < s.batchLosses.size(); i++) {
                if (s.batchEpochs.get(i) != epoch) {
                    continue;
                }
                batches++;
                double median = Evidence.median(s.batchLosses.subList(i - 20, i));
                double loss = s.batchLosses.get(i);
                if (loss > t.spikeFactor() * median && loss > 0.5 * s.initialLoss) {
                    spikes++;
                }
            }
            if (batches > 0 && spikes >= 2 && spikes >= t.spikeShare() * batches) {
                return found(check(), "the loss spikes: the learning rate is too high", Severity.PROBLEM,
                        spikes + " of " + batches + " batches spiked above " + t.spikeFactor()
                                + "× the running median", fix, epoch, "spikes", spikes, "learningRate", lr);
            }
            double trainLoss = s.epochs.get(n - 1).trainLoss();
            if (n >= 2 && trainLoss > 1.1 * s.initialLoss && trainLoss > s.epochs.get(n - 2).trainLoss()) {
                return found(check(), "the training loss diverges: the learning rate is too high", Severity.PROBLEM,
                        "training loss " + num(trainLoss) + " is above the untrained model's " + num(s.initialLoss)
                                + " and rising", fix, epoch, "trainLoss", trainLoss, "learningRate", lr);
            }
        }
        boolean adaptive = !s.config.optimizer().equals("sgd");
        double limit = adaptive ? t.adamLrHigh() : t.sgdLrHigh();
        // SGD with momentum m moves, in a steady gradient, lr / (1 - m) per step: momentum 0.9 makes 0.3 a step of 3
        double step = adaptive ? lr : effectiveSgdStep(lr, s.config.momentum());
        if (step > limit) {
            return found(check(), "the learning rate is high for " + s.config.optimizer(), Severity.WARNING,
                    adaptive || step == lr ? "lr " + num(lr) + " > " + num(limit)
                            : "lr " + num(lr) + " with momentum " + num(s.config.momentum()) + " is an effective step of "
                                    + num(step) + " > " + num(limit),
                    fix, Math.max(1, s.currentEpoch()), "learningRate", lr, "effectiveStep", step);
        }
        return Optional.empty();
    }

    /** SGD's step in a steady gradient: {@code lr / (1 - momentum)} (heavy-ball momentum sums a geometric series). */
    static double effectiveSgdStep(double lr, double momentum) {
        return momentum > 0 && momentum < 1 ? lr / (1 - momentum) : lr;
    }
}
