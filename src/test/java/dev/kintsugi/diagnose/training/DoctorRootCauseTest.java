package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.detectors.DropoutTooHigh;
import dev.kintsugi.diagnose.training.detectors.LearningRateTooHigh;
import dev.kintsugi.diagnose.training.detectors.LearningRateTooLow;
import dev.kintsugi.diagnose.training.detectors.NotConverging;
import dev.kintsugi.diagnose.training.detectors.Overfitting;
import dev.kintsugi.diagnose.training.repair.FixCatalogue;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kintsugi.diagnose.training.DetectorsTest.examine;
import static org.assertj.core.api.Assertions.assertThat;

/** The training-doctor weaknesses of issue 16 §4, each fixed at its cause. */
class DoctorRootCauseTest {
    @Test
    void aWideningAccuracyGapIsNotOverfittingWhileValidationLossStillFalls() {
        assertThat(examine(new Overfitting(), s -> {
            s.trainAcc = new double[] {0.6, 0.75, 0.85, 0.92, 0.97, 0.99};
            s.validAcc = new double[] {0.6, 0.7, 0.75, 0.77, 0.79, 0.80};
        })).isEmpty();
        // the same gap once validation loss is off its minimum is overfitting
        assertThat(examine(new Overfitting(), s -> {
            s.trainAcc = new double[] {0.6, 0.75, 0.85, 0.92, 0.97, 0.99};
            s.validAcc = new double[] {0.6, 0.7, 0.75, 0.77, 0.79, 0.80};
            s.validLoss = new double[] {0.85, 0.62, 0.50, 0.49, 0.495, 0.50};
        })).isPresent();
    }

    @Test
    void aDivergingRunIsNotOverfitting() {
        assertThat(examine(new Overfitting(), s -> {
            s.trainLoss = new double[] {0.9, 0.6, 0.5, 0.7, 1.0, 1.5};
            s.trainAcc = new double[] {0.6, 0.75, 0.80, 0.78, 0.74, 0.70};
            s.validAcc = new double[] {0.6, 0.7, 0.70, 0.60, 0.50, 0.40};
            s.validLoss = new double[] {0.85, 0.62, 0.55, 0.8, 1.2, 1.9};
        })).isEmpty();
    }

    @Test
    void sgdMomentumCountsTowardsTheLearningRateLimit() {
        Optional<Finding> heavy = examine(new LearningRateTooHigh(),
                s -> s.config = s.config.withOptimizer("sgd").withLearningRate(0.3).withMomentum(0.9));
        assertThat(heavy).hasValueSatisfying(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).contains("effective step of 3");
        });
        assertThat(examine(new LearningRateTooHigh(),
                s -> s.config = s.config.withOptimizer("sgd").withLearningRate(0.3).withMomentum(0))).isEmpty();
    }

    @Test
    void aRunThatNeverSlowsDownHasTooLowALearningRate() {
        // per-epoch drops of ~5% (above the 1% plateau rule) at an unchanging pace: too low, yet silent before
        Optional<Finding> f = examine(new LearningRateTooLow(), s -> {
            s.trainLoss = new double[] {1.05, 1.0, 0.95, 0.9, 0.85, 0.8};
            s.trainAcc = new double[] {0.36, 0.40, 0.44, 0.48, 0.52, 0.55};
            s.validAcc = new double[] {0.36, 0.41, 0.45, 0.49, 0.53, 0.56};
        });
        assertThat(f).hasValueSatisfying(x -> assertThat(x.severity()).isEqualTo(Severity.PROBLEM));
        // the same loss curve while validation accuracy has levelled off (within its noise) is not held back by its rate
        assertThat(examine(new LearningRateTooLow(), s -> {
            s.trainLoss = new double[] {1.05, 1.0, 0.95, 0.9, 0.85, 0.8};
            s.trainAcc = new double[] {0.36, 0.40, 0.44, 0.48, 0.52, 0.55};
            s.validAcc = new double[] {0.60, 0.70, 0.75, 0.76, 0.75, 0.76};
        })).isEmpty();
        // a run that made most of its progress early and then slowed down is left alone (the healthy default)
        assertThat(examine(new LearningRateTooLow(), s -> { })).isEmpty();
    }

    @Test
    void dropoutThatMakesTheModelUnderfitIsAProblemThatFixModeLowers() {
        Optional<Finding> f = examine(new DropoutTooHigh(), s -> {
            s.options.put("dropout", "0.8");
            s.trainAcc = new double[] {0.40, 0.50, 0.55, 0.58, 0.60, 0.61};
        });
        assertThat(f).hasValueSatisfying(x -> assertThat(x.severity()).isEqualTo(Severity.PROBLEM));
        assertThat(FixCatalogue.fixesFor("dropout-too-high")).extracting(fix -> fix.name())
                .anyMatch(n -> n.contains("dropout=0.5")).anyMatch(n -> n.contains("dropout=0.3"));
    }

    @Test
    void aBouncingTrainingLossIsOscillationEvenWhenAccuracyMovesLittle() {
        assertThat(examine(new dev.kintsugi.diagnose.training.detectors.OscillatingLoss(),
                s -> s.trainLoss = new double[] {0.9, 0.6, 0.75, 0.5, 0.65, 0.45})).isPresent();
        assertThat(examine(new dev.kintsugi.diagnose.training.detectors.OscillatingLoss(), s -> { })).isEmpty();
    }

    /** Fires while the run has seen at most two epochs. */
    record Early(boolean stateful) implements Detector {
        @Override
        public String check() {
            return "early";
        }

        @Override
        public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
            return s.epochs.size() <= 2 ? Optional.of(new Finding("early", "early", Severity.PROBLEM, "", "", Map.of()))
                    : Optional.empty();
        }
    }

    static TrainingDoctor train(Detector d) {
        var train = TestData.blobs("train", 120, 4, 2, 1);
        var valid = TestData.blobs("valid", 40, 4, 2, 2);
        TrainingDoctor doctor = new TrainingDoctor(DoctorThresholds.defaults(), List.of(d), null, false);
        TrainingConfig c = TrainingConfig.defaults().withEpochs(4).withBatchSize(32).withSeed(1);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "4"), train), c.seed())) {
            new Trainer(c).addListener(doctor).fit(net, train, valid);
        }
        return doctor;
    }

    @Test
    void aStatefulFindingIsWithdrawnWhenTheRunNoLongerShowsIt() {
        assertThat(new NotConverging().stateful()).isTrue();
        TrainingDoctor stateful = train(new Early(true));
        assertThat(stateful.findings()).isEmpty();
        assertThat(stateful.firstProblem()).isEmpty();
        assertThat(stateful.reportable()).singleElement().satisfies(f -> {
            assertThat(f.finding().severity()).isEqualTo(Severity.INFO);
            assertThat(f.finding().problem()).startsWith("withdrawn");
        });
        // an event is never withdrawn
        assertThat(train(new Early(false)).findings()).hasSize(1);
    }
}
