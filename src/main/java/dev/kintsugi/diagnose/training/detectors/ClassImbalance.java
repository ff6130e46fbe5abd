package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * Some classes are much rarer than others in the training split (largest / smallest count at least
 * {@code imbalanceRatio}) and the loss does not compensate: the network learns to favour the common classes
 * (seed 002). Silent when training already uses balanced class weights.
 */
public final class ClassImbalance implements Detector {
    @Override
    public String check() {
        return "class-imbalance";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        if (s.classCounts.length < 2 || s.config.classWeighting().equals("balanced")) {
            return Optional.empty();
        }
        int max = 0;
        int min = Integer.MAX_VALUE;
        int rare = 0;
        for (int c = 0; c < s.classCounts.length; c++) {
            max = Math.max(max, s.classCounts[c]);
            if (s.classCounts[c] < min) {
                min = s.classCounts[c];
                rare = c;
            }
        }
        double ratio = min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
        if (ratio < t.imbalanceRatio()) {
            return Optional.empty();
        }
        String name = s.spec.classNames().get(rare);
        return found(check(), "the classes are imbalanced", Severity.PROBLEM,
                "largest class has " + num(ratio) + "× the samples of the rarest (" + name + ": " + min + ")",
                "weight the loss by class (--class-weights balanced) or oversample the rare classes",
                Math.max(1, s.currentEpoch()), "ratio", ratio, "rarestClass", name, "rarestCount", min);
    }
}
