package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Arrays;
import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.learningRateAdvice;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * The model learns nothing. AUTOTRAINER flags a best accuracy below 0.6, which ignores the task: it passes a
 * 10-class model stuck at 0.55 by luck of the threshold and fails German Credit, whose majority class alone is
 * 0.7. Kintsugi flags a run whose best accuracy, training and validation alike, is within {@code notConvergingMargin} × (1 −
 * majority share) of always guessing the majority class, after 30% of the planned epochs (AUTOTRAINER's start)
 * and at least two. A model that fits its training data has converged, even if it generalises badly (that is
 * overfitting's business), so the training accuracy counts too.
 */
public final class NotConverging implements Detector {
    @Override
    public String check() {
        return "not-converging";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        int n = s.epochs.size();
        if (n < Math.max(2, Math.ceil(0.3 * s.config.epochs()))) {
            return Optional.empty();
        }
        double bestValid = Arrays.stream(s.accuracyCurve()).filter(v -> !Double.isNaN(v)).max().orElse(0);
        double bestTrain = s.epochs.stream().mapToDouble(e -> e.trainAccuracy()).filter(v -> !Double.isNaN(v)).max()
                .orElse(0);
        double best = Math.max(bestValid, bestTrain);
        double majority = s.majorityShare();
        double bar = majority + t.notConvergingMargin() * (1 - majority);
        if (best > bar) {
            return Optional.empty();
        }
        return found(check(), "the model is not learning", Severity.PROBLEM,
                "best accuracy " + num(best) + " is no better than guessing the majority class (" + num(majority) + ")",
                "change the optimiser (now " + s.config.optimizer() + "), "
                        + learningRateAdvice(s.config.optimizer(), s.config.learningRate())
                        + " or re-initialise (--opt init=he)",
                s.currentEpoch(), "bestAccuracy", best, "majorityShare", majority);
    }
}
