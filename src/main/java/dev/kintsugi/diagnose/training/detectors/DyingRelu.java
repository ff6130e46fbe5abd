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
 * ReLU units that never fire. AUTOTRAINER flags 70% zero gradient entries and DeepDiagnosis 70% of a layer's
 * activations ≤ 0; a healthy ReLU layer has about half its activations at zero on any input, so Kintsugi counts
 * units that are ≤ 0 on every input of the sampled batch, and takes the median over the last {@code window}
 * samples.
 */
public final class DyingRelu implements Detector {
    @Override
    public String check() {
        return "dying-relu";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        List<ActivationSample> w = TrainingSignals.last(s.activations, t.window());
        if (w.isEmpty()) {
            return Optional.empty();
        }
        LayerActivation worst = null;
        double worstShare = -1;
        for (LayerActivation layer : w.get(w.size() - 1).layers()) {
            if (!"relu".equals(layer.activation())) {
                continue;
            }
            double share = median(w.stream().mapToDouble(a -> shareOf(a, layer.layer())).toArray());
            if (share > worstShare) {
                worstShare = share;
                worst = layer;
            }
        }
        if (worst == null || worstShare < t.deadShare()) {
            return Optional.empty();
        }
        return found(check(), "most ReLU units are dead", Severity.PROBLEM,
                String.format(java.util.Locale.ROOT, "%.0f%% of the units of %s never fire on a sampled batch",
                        100 * worstShare, worst.name()) + " (median of " + w.size() + " samples, bias init "
                        + s.spec.option("bias-init") + ")",
                "use SELU, LeakyReLU or ELU (--opt activation=leaky-relu), add batch norm, re-initialise (--opt init=he "
                        + "--opt bias-init=0) or lower the learning rate (now " + num(s.config.learningRate()) + ")",
                s.currentEpoch(), "layer", worst.name(), "deadShare", worstShare);
    }

    private static double shareOf(ActivationSample a, int layer) {
        return a.layers().stream().filter(l -> l.layer() == layer).mapToDouble(LayerActivation::deadShare)
                .findFirst().orElse(Double.NaN);
    }
}
