package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;
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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detector fires on a synthetic run showing its problem and stays silent on the healthy one. */
class DetectorsTest {
    static final DoctorThresholds T = DoctorThresholds.defaults();

    static Optional<Finding> examine(Detector d, Consumer<Synthetic> plant) {
        Synthetic s = new Synthetic();
        plant.accept(s);
        return d.examine(s.build(), T);
    }

    static void firesOnlyWhenPlanted(Detector d, Consumer<Synthetic> plant) {
        assertThat(examine(d, s -> { })).as(d.check() + " on the healthy run").isEmpty();
        Optional<Finding> f = examine(d, plant);
        assertThat(f).as(d.check() + " on its planted problem").isPresent();
        assertThat(f.get().check()).isEqualTo(d.check());
        assertThat(f.get().evidence()).contains("epoch");
        assertThat(f.get().fix()).isNotBlank();
        assertThat(f.get().details()).containsKey("epoch");
    }

    @Test
    void vanishingGradient() {
        firesOnlyWhenPlanted(new VanishingGradient(), s -> s.firstGrad = 1e-5);
    }

    @Test
    void vanishingGradientNeedsTheFirstLayerToLoseOutRelativeToTheLast() {
        // Zero everywhere is a dead network, not a vanishing gradient.
        assertThat(examine(new VanishingGradient(), s -> {
            s.firstGrad = 0;
            s.lastGrad = 0;
        })).isEmpty();
    }

    @Test
    void explodingGradient() {
        firesOnlyWhenPlanted(new ExplodingGradient(), s -> s.firstGrad = 500);
        assertThat(examine(new ExplodingGradient(), s -> s.firstGrad = Double.NaN)).isPresent();
    }

    @Test
    void dyingRelu() {
        firesOnlyWhenPlanted(new DyingRelu(), s -> s.deadShare = 0.9);
    }

    @Test
    void saturatedSigmoid() {
        // The synthetic sigmoid layer has 80% saturated pre-activations; ReLU layers are never judged.
        assertThat(examine(new SaturatedActivation(), s -> { })).isEmpty();
        assertThat(examine(new SaturatedActivation(), s -> s.options.put("activation", "sigmoid"))).isPresent();
    }

    @Test
    void activationVariance() {
        firesOnlyWhenPlanted(new ActivationVariance(), s -> s.activationVariance = 1e-7);
        assertThat(examine(new ActivationVariance(), s -> s.activationVariance = 50)).isPresent();
    }

    @Test
    void nanLossAfterAnyBatch() {
        firesOnlyWhenPlanted(new NonFiniteValues(), s -> {
            s.batchLosses = new ArrayList<>(List.of(1.0, 0.9, Double.NaN));
        });
        assertThat(examine(new NonFiniteValues(), s -> s.batchLosses = new ArrayList<>(List.of(1.0, 2e3)))).isPresent();
    }

    @Test
    void oscillatingAccuracy() {
        firesOnlyWhenPlanted(new OscillatingLoss(), s -> s.validAcc = new double[] {0.6, 0.7, 0.6, 0.72, 0.6, 0.7});
    }

    @Test
    void oscillationWithinTheNoiseOfATinyValidationSetIsNotFlagged() {
        assertThat(examine(new OscillatingLoss(), s -> {
            s.validAcc = new double[] {0.70, 0.74, 0.70, 0.75, 0.71, 0.75};
            s.validSize = 80;
        })).isEmpty();
    }

    @Test
    void slowConvergence() {
        firesOnlyWhenPlanted(new SlowConvergence(), s -> {
            s.trainAcc = new double[] {0.335, 0.338, 0.34, 0.342, 0.345, 0.347};
            s.validAcc = new double[] {0.334, 0.337, 0.34, 0.342, 0.344, 0.346};
        });
    }

    @Test
    void notConverging() {
        firesOnlyWhenPlanted(new NotConverging(), s -> {
            s.trainAcc = new double[] {0.33, 0.33, 0.34, 0.33, 0.33, 0.33};
            s.validAcc = new double[] {0.33, 0.33, 0.33, 0.33, 0.34, 0.33};
        });
    }

    @Test
    void notConvergingIsRelativeToTheMajorityClass() {
        // 0.72 accuracy is no skill when 70% of the samples are one class (German Credit) ...
        assertThat(examine(new NotConverging(), s -> {
            s.classCounts = new int[] {700, 150, 150};
            s.trainAcc = new double[] {0.70, 0.70, 0.70, 0.70, 0.70, 0.70};
            s.validAcc = new double[] {0.70, 0.70, 0.70, 0.70, 0.70, 0.70};
        })).isPresent();
        // ... but 0.55 on a balanced 3-class task is learning (AUTOTRAINER's fixed 0.6 would flag it).
        assertThat(examine(new NotConverging(), s -> {
            s.trainAcc = new double[] {0.50, 0.52, 0.53, 0.54, 0.55, 0.55};
            s.validAcc = new double[] {0.50, 0.52, 0.53, 0.54, 0.55, 0.55};
        })).isEmpty();
    }

    @Test
    void prematureConvergence() {
        firesOnlyWhenPlanted(new PrematureConvergence(), s -> {
            s.trainLoss = new double[] {0.8, 0.7, 0.699, 0.698, 0.698, 0.697};
            s.trainAcc = new double[] {0.6, 0.65, 0.65, 0.65, 0.65, 0.65};
        });
    }

    @Test
    void overfitting() {
        firesOnlyWhenPlanted(new Overfitting(), s -> {
            s.trainLoss = new double[] {0.9, 0.6, 0.4, 0.25, 0.15, 0.08};
            s.validLoss = new double[] {0.85, 0.6, 0.55, 0.6, 0.7, 0.8};
        });
    }

    @Test
    void overfittingIsLeftToEarlyStoppingWhenItIsOn() {
        assertThat(examine(new Overfitting(), s -> {
            s.trainLoss = new double[] {0.9, 0.6, 0.4, 0.25, 0.15, 0.08};
            s.validLoss = new double[] {0.85, 0.6, 0.55, 0.6, 0.7, 0.8};
            s.config = s.config.withPatience(2);
        })).isEmpty();
    }

    @Test
    void learningRateTooHighFromSpikes() {
        firesOnlyWhenPlanted(new LearningRateTooHigh(), s -> {
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                losses.add(i >= 50 && i % 3 == 0 ? 3.0 : 0.4);
            }
            s.batchLosses = losses;
        });
    }

    @Test
    void learningRateTooHighFromDivergence() {
        assertThat(examine(new LearningRateTooHigh(), s -> s.trainLoss = new double[] {0.9, 0.8, 1.0, 1.2, 1.5, 2.0}))
                .isPresent();
        assertThat(examine(new LearningRateTooHigh(), s -> s.config = s.config.withLearningRate(0.5)))
                .hasValueSatisfying(f -> assertThat(f.severity().name()).isEqualTo("WARNING"));
    }

    @Test
    void learningRateTooLow() {
        firesOnlyWhenPlanted(new LearningRateTooLow(), s -> {
            s.trainLoss = new double[] {1.099, 1.098, 1.097, 1.096, 1.095, 1.094};
        });
        assertThat(examine(new LearningRateTooLow(), s -> s.config = s.config.withLearningRate(1e-7))).isPresent();
    }

    @Test
    void abnormalInputRange() {
        firesOnlyWhenPlanted(new AbnormalInputRange(), s -> {
            s.inputMax = 255;
            s.inputStd = 80;
        });
        assertThat(examine(new AbnormalInputRange(), s -> s.inputStd = 0)).isPresent();
    }

    @Test
    void outputLossMismatch() {
        firesOnlyWhenPlanted(new OutputLossMismatch(), s -> s.options.put("output", "softmax"));
        assertThat(examine(new OutputLossMismatch(), s -> s.probabilityLike = 1.0)).isPresent();
    }

    @Test
    void classImbalance() {
        firesOnlyWhenPlanted(new ClassImbalance(), s -> s.classCounts = new int[] {600, 300, 20});
        assertThat(examine(new ClassImbalance(), s -> {
            s.classCounts = new int[] {600, 300, 20};
            s.config = s.config.withClassWeighting("balanced");
        })).isEmpty();
    }

    @Test
    void dropoutTooHigh() {
        firesOnlyWhenPlanted(new DropoutTooHigh(), s -> s.options.put("dropout", "0.8"));
    }

    @Test
    void everyDetectorIsRegisteredOnce() {
        List<String> checks = Detectors.all().stream().map(Detector::check).toList();
        assertThat(checks).doesNotHaveDuplicates().hasSize(17);
    }
}
