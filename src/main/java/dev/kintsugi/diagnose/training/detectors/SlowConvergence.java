package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.learningRateAdvice;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * Training barely moves: AUTOTRAINER's rule (the largest epoch-to-epoch accuracy gain, training and validation,
 * is below {@code slowGain}) after {@code plateauEpochs} epochs. AUTOTRAINER compares epochs only, so a run that
 * learnt everything in its first epoch looks slow; Kintsugi starts both curves at the untrained model's accuracy
 * (the first batch's), so only runs that never took off are flagged.
 */
public final class SlowConvergence implements Detector {
    @Override
    public String check() {
        return "slow-convergence";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        int n = s.epochs.size();
        if (n < t.plateauEpochs() || Double.isNaN(s.initialAccuracy)) {
            return Optional.empty();
        }
        double trainGain = largestGain(s.initialAccuracy, s.epochs.stream().mapToDouble(e -> e.trainAccuracy()).toArray());
        double validGain = largestGain(s.initialAccuracy, s.accuracyCurve());
        if (trainGain >= t.slowGain() || validGain >= t.slowGain()) {
            return Optional.empty();
        }
        return found(check(), "training converges too slowly", Severity.PROBLEM,
                "largest accuracy gain per epoch " + num(Math.max(trainGain, validGain)) + " over " + n + " epochs",
                learningRateAdvice(s.config.optimizer(), s.config.learningRate()) + ", change the optimiser (now "
                        + s.config.optimizer() + ") or re-initialise",
                s.currentEpoch(), "trainGain", trainGain, "validGain", validGain);
    }

    static double largestGain(double start, double[] curve) {
        double prev = start;
        double best = Double.NEGATIVE_INFINITY;
        for (double v : curve) {
            if (Double.isNaN(v)) {
                continue;
            }
            best = Math.max(best, v - prev);
            prev = v;
        }
        return best;
    }
}
