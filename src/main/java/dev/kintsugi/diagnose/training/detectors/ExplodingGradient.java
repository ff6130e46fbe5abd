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
 * Gradients grow towards the first layers or over time. AUTOTRAINER's rule (‖∇W first‖/‖∇W last‖ &gt; 70, per-entry RMS as in {@link VanishingGradient}) on
 * the median of the last {@code window} samples, plus two of ours: a non-finite gradient, or a global gradient
 * norm that grew {@code explodingGrowth} times over its first sample.
 */
public final class ExplodingGradient implements Detector {
    @Override
    public String check() {
        return "exploding-gradient";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        if (s.gradients.isEmpty()) {
            return Optional.empty();
        }
        String fix = "clip gradients (--clip-norm 10), lower the learning rate (now " + num(s.config.learningRate())
                + "), or add batch norm (--opt batchnorm=true)";
        GradientSample latest = s.gradients.get(s.gradients.size() - 1);
        if (!latest.finite()) {
            return found(check(), "gradients are not finite", Severity.PROBLEM,
                    "global gradient norm " + num(latest.global()) + " at step " + latest.step(), fix, latest.epoch(),
                    "step", latest.step(), "globalNorm", latest.global());
        }
        List<GradientSample> w = TrainingSignals.last(s.gradients, t.window());
        if (w.size() < 2) {
            return Optional.empty();
        }
        double ratio = median(w.stream().mapToDouble(GradientSample::firstToLastRmsRatio).toArray());
        double growth = median(w.stream().mapToDouble(GradientSample::global).toArray()) / s.gradients.get(0).global();
        if (ratio > t.explodingRatio()) {
            String layer = s.layers.get(w.get(0).layers()[0]).name();
            return found(check(), "gradients explode towards the first layers", Severity.PROBLEM,
                    "RMS ∇W " + layer + " / RMS ∇W last = " + num(ratio) + " (median of " + w.size() + " sampled batches)",
                    fix, s.currentEpoch(), "layer", layer, "ratio", ratio);
        }
        if (growth > t.explodingGrowth()) {
            return found(check(), "the gradient norm keeps growing", Severity.PROBLEM,
                    "global gradient norm " + num(growth) + "× its first value", fix, s.currentEpoch(),
                    "growth", growth);
        }
        return Optional.empty();
    }
}
