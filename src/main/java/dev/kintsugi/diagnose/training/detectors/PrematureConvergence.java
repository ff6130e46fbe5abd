package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;
import dev.kintsugi.train.EpochStats;

import java.util.List;
import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * A fast start, then nothing (seed 002: "the learning curve drops fast at first but suddenly stops improving").
 * None of the three tools checks it. Flagged when the first epoch gained at least 0.1 accuracy over the untrained
 * model, the training loss then changed by less than {@code plateauChange} (relative) in each of the last
 * {@code plateauEpochs} epochs, and the model is not yet fitted (training accuracy below {@code fittedAccuracy}).
 */
public final class PrematureConvergence implements Detector {
    @Override
    public String check() {
        return "premature-convergence";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        int n = s.epochs.size();
        if (n < t.plateauEpochs() + 1 || Double.isNaN(s.initialAccuracy)) {
            return Optional.empty();
        }
        double firstGain = s.epochs.get(0).trainAccuracy() - s.initialAccuracy;
        EpochStats last = s.epochs.get(n - 1);
        if (!(firstGain >= 0.1) || !(last.trainAccuracy() < t.fittedAccuracy())) {
            return Optional.empty();
        }
        List<EpochStats> w = s.epochs.subList(n - t.plateauEpochs() - 1, n);
        double largest = 0;
        for (int i = 1; i < w.size(); i++) {
            double change = Math.abs(w.get(i).trainLoss() - w.get(i - 1).trainLoss()) / w.get(i - 1).trainLoss();
            if (!(change < t.plateauChange())) {
                return Optional.empty();
            }
            largest = Math.max(largest, change);
        }
        return found(check(), "training stalled early", Severity.PROBLEM,
                "training loss flat at " + num(last.trainLoss()) + " (at most " + num(100 * largest) + "% change per "
                        + "epoch over " + t.plateauEpochs() + " epochs) with training accuracy " + num(last.trainAccuracy()),
                "lower the learning rate (now " + num(s.config.learningRate()) + ") or add a decaying schedule "
                        + "(--schedule cosine)",
                s.currentEpoch(), "trainLoss", last.trainLoss(), "largestChange", largest);
    }
}
