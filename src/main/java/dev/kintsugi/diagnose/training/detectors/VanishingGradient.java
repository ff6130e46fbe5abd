package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.GradientSample;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.List;
import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.median;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * Gradients die out before they reach the first layers. AUTOTRAINER's rule (‖∇W first‖/‖∇W last‖ &lt; 1e-3
 * and ‖∇W first‖ &lt; 1e-4) or DeepDiagnosis's (mean |∇W first| &lt; 1e-7), with the norms taken per entry (RMS,
 * see {@link GradientSample#firstToLastRmsRatio()}: an 8-layer sigmoid MLP on Fashion-MNIST has a norm ratio
 * of 1.1e-3 but an RMS ratio of 1.3e-4), judged on the median of the last
 * {@code window} sampled batches rather than on one batch. DeepDiagnosis's absolute rule alone also fires on a
 * fitted model (small gradients everywhere) and on a dead one (zero gradients everywhere), so here it only
 * replaces AUTOTRAINER's absolute norm: the ratio condition is always required.
 */
public final class VanishingGradient implements Detector {
    @Override
    public String check() {
        return "vanishing-gradient";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        List<GradientSample> w = TrainingSignals.last(s.gradients, t.window());
        if (w.size() < 2 || w.get(0).norms().length < 2) {
            return Optional.empty();
        }
        double ratio = median(w.stream().mapToDouble(GradientSample::firstToLastRmsRatio).toArray());
        double first = median(w.stream().mapToDouble(g -> g.rms(0)).toArray());
        double meanAbs = median(w.stream().mapToDouble(g -> g.meanAbs()[0]).toArray());
        // Vanishing is relative: the first layer gets far less than the last. Gradients that are zero everywhere
        // (a dead network) give a NaN ratio and are left to the dying-ReLU and not-converging checks.
        if (!(ratio < t.vanishingRatio()) || !(first < t.vanishingFirstNorm() || meanAbs < t.vanishingMeanAbs())) {
            return Optional.empty();
        }
        String layer = s.layers.get(w.get(0).layers()[0]).name();
        return found(check(), "gradients vanish before the first layers", Severity.PROBLEM,
                "RMS ∇W " + layer + " / RMS ∇W last = " + num(ratio) + ", RMS ∇W " + layer + " = " + num(first)
                        + ", mean |∇W| = " + num(meanAbs) + " (median of " + w.size() + " sampled batches)",
                "use ReLU or SELU instead of " + s.activationName() + " (--opt activation=relu --opt init=he), "
                        + "or add batch norm (--opt batchnorm=true)",
                s.currentEpoch(), "layer", layer, "ratio", ratio, "firstNorm", first, "meanAbs", meanAbs);
    }
}
