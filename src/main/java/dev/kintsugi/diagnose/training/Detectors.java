package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.training.detectors.AbnormalInputRange;
import dev.kintsugi.diagnose.training.detectors.ActivationVariance;
import dev.kintsugi.diagnose.training.detectors.ClassImbalance;
import dev.kintsugi.diagnose.training.detectors.DropoutTooHigh;
import dev.kintsugi.diagnose.training.detectors.DyingRelu;
import dev.kintsugi.diagnose.training.detectors.ExplodingGradient;
import dev.kintsugi.diagnose.training.detectors.LearningRateTooHigh;
import dev.kintsugi.diagnose.training.detectors.LearningRateTooLow;
import dev.kintsugi.diagnose.training.detectors.NonFiniteValues;
import dev.kintsugi.diagnose.training.detectors.NotConverging;
import dev.kintsugi.diagnose.training.detectors.OscillatingLoss;
import dev.kintsugi.diagnose.training.detectors.OutputLossMismatch;
import dev.kintsugi.diagnose.training.detectors.Overfitting;
import dev.kintsugi.diagnose.training.detectors.PrematureConvergence;
import dev.kintsugi.diagnose.training.detectors.SaturatedActivation;
import dev.kintsugi.diagnose.training.detectors.SlowConvergence;
import dev.kintsugi.diagnose.training.detectors.VanishingGradient;

import java.util.List;

/** Every training-problem detector, in the order their findings are reported (root causes first). */
public final class Detectors {
    private Detectors() {
    }

    public static List<Detector> all() {
        return List.of(new NonFiniteValues(), new OutputLossMismatch(), new AbnormalInputRange(), new ClassImbalance(),
                new VanishingGradient(), new ExplodingGradient(), new DyingRelu(), new SaturatedActivation(),
                new ActivationVariance(), new LearningRateTooHigh(), new LearningRateTooLow(), new OscillatingLoss(),
                new SlowConvergence(), new NotConverging(), new PrematureConvergence(), new Overfitting(),
                new DropoutTooHigh());
    }
}
