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

/**
 * Sigmoid or tanh units stuck in their flat tails: DeepDiagnosis's rule (more than 50% of pre-activations
 * beyond ±5), on the median of the last {@code window} samples.
 */
public final class SaturatedActivation implements Detector {
    @Override
    public String check() {
        return "saturated-activation";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        List<ActivationSample> w = TrainingSignals.last(s.activations, t.window());
        if (w.isEmpty()) {
            return Optional.empty();
        }
        for (LayerActivation layer : w.get(w.size() - 1).layers()) {
            if (!"sigmoid".equals(layer.activation()) && !"tanh".equals(layer.activation())) {
                continue;
            }
            double share = median(w.stream().mapToDouble(a -> a.layers().stream()
                    .filter(l -> l.layer() == layer.layer()).mapToDouble(LayerActivation::saturatedShare)
                    .findFirst().orElse(Double.NaN)).toArray());
            if (share > t.saturatedShare()) {
                return found(check(), layer.activation() + " units are saturated", Severity.PROBLEM,
                        String.format(java.util.Locale.ROOT, "%.0f%% of the pre-activations of %s are beyond ±%.0f",
                                100 * share, layer.name(), t.saturationLimit()),
                        "use ReLU with He initialisation (--opt activation=relu --opt init=he), add batch norm, "
                                + "or normalise the inputs",
                        s.currentEpoch(), "layer", layer.name(), "saturatedShare", share);
            }
        }
        return Optional.empty();
    }
}
