package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.ActivationSample;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;

/**
 * The output activation does not fit the loss (UMLAUT): Kintsugi's loss is softmax cross-entropy on logits, so an
 * explicit softmax or sigmoid output squashes the logits twice. Read from the architecture's {@code output} option,
 * and also from what the network emits: if at least 99% of sampled output rows already look like probabilities
 * (in [0, 1], summing to 1), whatever the spec says.
 */
public final class OutputLossMismatch implements Detector {
    @Override
    public String check() {
        return "output-loss-mismatch";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        String output = s.spec.option("output");
        int epoch = Math.max(1, s.currentEpoch());
        if (output != null && !output.equals("logits")) {
            return found(check(), "a " + output + " output feeds a loss that applies softmax itself", Severity.PROBLEM,
                    "architecture option output=" + output + " with softmax cross-entropy on logits",
                    "output raw logits (--opt output=logits)", epoch, "output", output);
        }
        if (!s.activations.isEmpty()) {
            ActivationSample a = s.activations.get(s.activations.size() - 1);
            if (a.probabilityLikeOutputs() >= 0.99) {
                return found(check(), "the network outputs probabilities, but the loss expects logits",
                        Severity.PROBLEM, String.format(java.util.Locale.ROOT,
                                "%.0f%% of output rows are in [0, 1] and sum to 1", 100 * a.probabilityLikeOutputs()),
                        "remove the final softmax", a.epoch(), "probabilityLikeOutputs", a.probabilityLikeOutputs());
            }
        }
        return Optional.empty();
    }
}
