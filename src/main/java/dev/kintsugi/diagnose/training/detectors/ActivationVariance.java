package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.ActivationSample;
import dev.kintsugi.diagnose.training.ActivationSample.LayerActivation;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.List;
import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.median;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * Hidden activations whose variance is outside DeepDiagnosis's [1e-5, 10]: collapsed (every unit gives the same
 * value) or blown up. Judged on the activation layers only, on the median of the last {@code window} samples.
 */
public final class ActivationVariance implements Detector {
    @Override
    public String check() {
        return "activation-variance";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        List<ActivationSample> w = TrainingSignals.last(s.activations, t.window());
        if (w.size() < Math.min(2, t.window())) {
            return Optional.empty();
        }
        for (LayerActivation layer : w.get(w.size() - 1).layers()) {
            if (layer.activation() == null) {
                continue;
            }
            double v = median(w.stream().mapToDouble(a -> a.layers().stream().filter(l -> l.layer() == layer.layer())
                    .mapToDouble(LayerActivation::variance).findFirst().orElse(Double.NaN)).toArray());
            if (v < t.varianceLow() || v > t.varianceHigh()) {
                boolean low = v < t.varianceLow();
                return found(check(), "activations of " + layer.name() + (low ? " have collapsed" : " are blowing up"),
                        Severity.PROBLEM, "variance " + num(v) + " outside [" + num(t.varianceLow()) + ", "
                                + num(t.varianceHigh()) + "]",
                        low ? "re-initialise (--opt init=he --opt bias-init=0) or use another activation"
                                : "normalise the inputs, add batch norm, or lower the learning rate",
                        s.currentEpoch(), "layer", layer.name(), "variance", v);
            }
        }
        return Optional.empty();
    }
}
