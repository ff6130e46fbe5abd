package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.ActivationSample;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * Inputs, as the network sees them (after its own normalisation), are not normalised. DeepDiagnosis and UMLAUT
 * flag anything outside [−1, 1], which condemns every standardised tabular dataset (z-scores of 3 are normal);
 * Kintsugi flags values beyond ±{@code inputAbsLimit}, a standard deviation above {@code inputStdHigh}, or constant
 * inputs (DeepDiagnosis's all-zero tensor).
 */
public final class AbnormalInputRange implements Detector {
    @Override
    public String check() {
        return "abnormal-input-range";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        if (s.activations.isEmpty()) {
            return Optional.empty();
        }
        ActivationSample a = s.activations.get(0);
        double abs = Math.max(Math.abs(a.inputMin()), Math.abs(a.inputMax()));
        boolean constant = a.inputStd() < 1e-6;
        if (abs <= t.inputAbsLimit() && a.inputStd() <= t.inputStdHigh() && !constant) {
            return Optional.empty();
        }
        return found(check(), constant ? "the inputs are constant" : "the inputs are not normalised", Severity.PROBLEM,
                "inputs range over [" + num(a.inputMin()) + ", " + num(a.inputMax()) + "], mean " + num(a.inputMean())
                        + ", std " + num(a.inputStd()),
                constant ? "check the data pipeline: every input is the same"
                        : "standardise the inputs (zero mean, unit variance) or scale images to [0, 1]",
                a.epoch(), "inputMin", a.inputMin(), "inputMax", a.inputMax(), "inputStd", a.inputStd());
    }
}
