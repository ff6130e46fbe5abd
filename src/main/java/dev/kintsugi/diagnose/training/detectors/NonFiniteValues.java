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
 * NaN or infinite loss, weights or activations (AUTOTRAINER also counts a loss ≥ 1e3 as divergence;
 * DeepDiagnosis checks every tensor). The loss is checked after every batch, at no cost; the weights at the end
 * of every epoch; activations on sampled batches.
 */
public final class NonFiniteValues implements Detector {
    private static final String FIX = "lower the learning rate, clip gradients (--clip-norm 10), and check the "
            + "inputs for NaN";

    @Override
    public String check() {
        return "nan-loss";
    }

    @Override
    public boolean everyBatch() {
        return true;
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        for (int i = 0; i < s.batchLosses.size(); i++) {
            double loss = s.batchLosses.get(i);
            if (!Double.isFinite(loss) || loss >= t.lossLimit()) {
                return found(check(), Double.isFinite(loss) ? "the loss diverged" : "the loss is " + loss,
                        Severity.PROBLEM, "batch loss " + num(loss) + " at step " + i, FIX, s.batchEpochs.get(i),
                        "step", i, "loss", loss);
            }
        }
        if (s.nonFiniteWeightsEpoch > 0) {
            return found(check(), "weights are NaN or infinite", Severity.PROBLEM, "parameters checked", FIX,
                    s.nonFiniteWeightsEpoch);
        }
        for (ActivationSample a : s.activations) {
            for (ActivationSample.LayerActivation l : a.layers()) {
                if (!l.finite()) {
                    return found(check(), "activations are NaN or infinite", Severity.PROBLEM,
                            "output of " + l.name() + " at step " + a.step(), FIX, a.epoch(), "layer", l.name());
                }
            }
        }
        return Optional.empty();
    }
}
