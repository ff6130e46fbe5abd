package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.training.repair.FixCatalogue;
import dev.kintsugi.diagnose.training.repair.TrainingFix;
import dev.kintsugi.diagnose.training.repair.TrainingRepair;
import dev.kintsugi.diagnose.training.repair.TrainingSetup;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --doctor fix}: roll back, try fixes in order, keep what works, log every attempt. */
class TrainingRepairTest {
    static TrainingSetup setup(Map<String, String> options, TrainingConfig config) {
        return new TrainingSetup(TestData.spec("mlp", options, TrainingDoctorTest.TRAIN), config);
    }

    static DoctoredRun repair(TrainingSetup setup) {
        return new TrainingRepair(TrainingDoctorTest.TRAIN, TrainingDoctorTest.VALID,
                DoctorThresholds.defaults().withSampleEvery(5), null).repair(setup);
    }

    @Test
    void learningRateTenIsRepairedAndEveryAttemptLogged() {
        // SGD at rate 10 overflows: the loss goes to NaN and the model to chance.
        TrainingConfig config = TrainingDoctorTest.healthy().withOptimizer("sgd").withLearningRate(10);
        try (DoctoredRun run = repair(setup(Map.of("hidden", "16"), config))) {
            DoctorReport r = run.report();
            // the original run stops at its first problem, which may be a symptom that comes before the NaN
            assertThat(r.original()).extracting(DoctorReport.Entry::check).contains("nan-loss");
            assertThat(r.attempts()).isNotEmpty().allSatisfy(a -> {
                assertThat(a.problem()).isNotBlank();
                // nan-loss and its companions are defects: kept when gone and validation is not worse, or as a
                // step when validation is clearly better with the problem still there
                assertThat(a.kept()).isEqualTo(a.verdict().startsWith("solved") || a.verdict().startsWith("step"));
                if (a.kept() && a.problemGone()) {
                    assertThat(a.validAccuracy()).isGreaterThanOrEqualTo(a.baseline() - 0.1);
                }
            });
            assertThat(r.appliedFixes()).isNotEmpty();
            assertThat(r.appliedFixes()).hasSize((int) r.attempts().stream().filter(FixAttempt::kept).count());
            assertThat(run.config().learningRate()).isLessThan(10);
            assertThat(run.history().last().validAccuracy()).isGreaterThan(0.8);
            assertThat(r.findings()).extracting(DoctorReport.Entry::check).doesNotContain("nan-loss");
        }
    }

    /**
     * A planted numerical fault: NaN biases make every forward pass non-finite whatever the step size, so lr ×0.01
     * and clipping cannot help. The doctor reports one numerical fault naming the first layer, not a pile of
     * optimisation problems.
     */
    @Test
    void aNaNThatSurvivesALowerRateAndClippingIsOneNumericalFault() {
        try (DoctoredRun run = repair(setup(Map.of("hidden", "16", "bias-init", "NaN"), TrainingDoctorTest.healthy()))) {
            DoctorReport r = run.report();
            assertThat(r.attempts()).extracting(FixAttempt::fix).contains("lr ×0.01", "clip-norm 10");
            assertThat(r.findings()).singleElement().satisfies(e -> {
                assertThat(e.check()).isEqualTo("numerical-fault");
                assertThat(e.problem()).contains("suspect a numerical fault");
                assertThat(e.fix()).contains("--threads 1");
                assertThat(e.details()).containsKeys("layer", "operation");
                assertThat(e.evidence()).contains(String.valueOf(e.details().get("layer")));
            });
        }
    }

    @Test
    void aConfigurationFixContinuesFromTheLastGoodCheckpoint() {
        // 2e-5 is above the static too-low warning (1e-5), so the first finding only comes with the symptoms
        TrainingConfig config = TrainingDoctorTest.healthy().withLearningRate(2e-5);
        try (DoctoredRun run = repair(setup(Map.of("hidden", "16"), config))) {
            DoctorReport r = run.report();
            assertThat(r.attempts()).isNotEmpty();
            FixAttempt first = r.attempts().get(0);
            assertThat(first.fix()).isEqualTo("lr ×10.0");
            assertThat(first.fromEpoch()).isPositive();
            assertThat(run.config().learningRate()).isGreaterThan(2e-5);
        }
    }

    @Test
    void architectureFixGoesThroughTheZooOptionsAndRestartsFromEpochZero() {
        try (DoctoredRun run = repair(setup(Map.of("hidden", "16,16", "bias-init", "-10"),
                TrainingDoctorTest.healthy()))) {
            DoctorReport r = run.report();
            assertThat(r.attempts()).isNotEmpty();
            FixAttempt first = r.attempts().get(0);
            assertThat(first.problem()).isEqualTo("dying-relu");
            assertThat(first.fix()).isEqualTo("activation=selu");
            assertThat(first.fromEpoch()).isZero();
            assertThat(r.appliedFixes()).isNotEmpty();
            assertThat(run.network().spec()).isNotEqualTo(setup(Map.of("hidden", "16,16", "bias-init", "-10"),
                    TrainingDoctorTest.healthy()).spec());
            assertThat(run.history().last().validAccuracy()).isGreaterThan(0.8);
        }
    }

    @Test
    void healthyRunsAreLeftAlone() {
        try (DoctoredRun run = repair(setup(Map.of("hidden", "16"), TrainingDoctorTest.healthy()))) {
            assertThat(run.report().attempts()).isEmpty();
            assertThat(run.report().appliedFixes()).isEmpty();
            assertThat(run.history().epochs).hasSize(TrainingDoctorTest.healthy().epochs());
        }
    }

    @Test
    void fixesFollowAutotrainersOrderAndSkipWhatWouldChangeNothing() {
        assertThat(FixCatalogue.fixesFor("vanishing-gradient")).extracting(TrainingFix::name)
                .containsExactly("activation=selu", "activation=relu init=he", "batchnorm=true");
        assertThat(FixCatalogue.fixesFor("dying-relu")).extracting(TrainingFix::name)
                .containsExactly("activation=selu", "batchnorm=true", "init=he bias-init=0", "activation=leaky-relu",
                        "activation=elu");
        TrainingSetup relu = setup(Map.of("hidden", "16"), TrainingDoctorTest.healthy());
        List<TrainingFix> exploding = FixCatalogue.fixesFor("exploding-gradient");
        assertThat(exploding.get(1).apply(relu, TrainingDoctorTest.TRAIN)).isEmpty(); // already ReLU
        assertThat(exploding.get(0).apply(relu, TrainingDoctorTest.TRAIN)).hasValueSatisfying(
                s -> assertThat(s.spec().option("activation")).isEqualTo("selu"));
        // dropout too high is lowered (issue 16: fix mode never lowered it)
        assertThat(FixCatalogue.fixesFor("dropout-too-high")).extracting(TrainingFix::name)
                .containsExactly("dropout=0.5", "dropout=0.3");
        // overfitting: early stopping is rerun from epoch 0, so it restores an epoch of the original trajectory
        TrainingFix earlyStopping = FixCatalogue.fixesFor("overfitting").get(0);
        assertThat(earlyStopping.fromStart()).isTrue();
        assertThat(earlyStopping.architectural()).isFalse();
        assertThat(earlyStopping.apply(relu, TrainingDoctorTest.TRAIN)).hasValueSatisfying(
                s -> assertThat(s.config().patience()).isPositive());
        assertThat(FixCatalogue.fixesFor("overfitting")).extracting(TrainingFix::name)
                .contains("dropout=0.5", "weight decay 5e-4");
    }
}
