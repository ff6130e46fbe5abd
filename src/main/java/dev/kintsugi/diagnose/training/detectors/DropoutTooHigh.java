package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/** UMLAUT's static rule: a dropout rate above 0.5 throws away most of each layer's signal. */
public final class DropoutTooHigh implements Detector {
    @Override
    public String check() {
        return "dropout-too-high";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        String d = s.spec.option("dropout");
        double rate;
        try {
            rate = d == null ? 0 : Double.parseDouble(d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (rate <= t.dropoutHigh()) {
            return Optional.empty();
        }
        // Evidence that it holds the model back: after the first epoch (whose running training accuracy lags any
        // run), the model fits its own training data no better than the validation data, i.e. it underfits.
        int n = s.epochs.size();
        if (n >= 2 && s.hasValidation()) {
            double train = s.epochs.get(n - 1).trainAccuracy();
            double valid = s.epochs.get(n - 1).validAccuracy();
            if (train <= valid) {
                return found(check(), "dropout is so high that the model underfits", Severity.PROBLEM,
                        "dropout rate " + rate + "; training accuracy " + num(train) + " ≤ validation accuracy "
                                + num(valid) + " at epoch " + s.currentEpoch(),
                        "use a dropout rate of 0.5 or less (--opt dropout=0.3)", s.currentEpoch(), "dropout", rate,
                        "trainAccuracy", train, "validAccuracy", valid);
            }
        }
        if (n < 2) {
            return Optional.empty();
        }
        return found(check(), "dropout is very high", Severity.WARNING, "dropout rate " + rate,
                "use a dropout rate of 0.5 or less (--opt dropout=0.3)", Math.max(1, s.currentEpoch()), "dropout", rate);
    }
}
