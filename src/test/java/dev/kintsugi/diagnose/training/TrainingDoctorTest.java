package dev.kintsugi.diagnose.training;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor on real (tiny) trainings: silent on a healthy run, loud on planted problems. */
class TrainingDoctorTest {
    static final Dataset TRAIN = TestData.blobs("train", 600, 6, 3, 1);
    static final Dataset VALID = TestData.blobs("valid", 150, 6, 3, 2);

    static TrainingDoctor run(Map<String, String> options, TrainingConfig config) {
        TrainingDoctor doctor = new TrainingDoctor(DoctorThresholds.defaults().withSampleEvery(5), Detectors.all(),
                null, false);
        try (Network net = Network.create(TestData.spec("mlp", options, TRAIN), config.seed())) {
            new Trainer(config).addListener(doctor).fit(net, TRAIN, VALID);
        }
        doctor.findings().forEach(f -> System.out.println(f.finding().oneLine()));
        return doctor;
    }

    static List<String> problems(TrainingDoctor d) {
        return d.findings().stream().filter(f -> f.finding().severity() != Severity.INFO).map(f -> f.finding().check())
                .toList();
    }

    static TrainingConfig healthy() {
        return TrainingConfig.defaults().withEpochs(6).withBatchSize(32).withLearningRate(0.005).withSeed(3);
    }

    @Test
    void healthyRunIsSilentAndOverheadIsMeasured() {
        TrainingDoctor d = run(Map.of("hidden", "16"), healthy());
        assertThat(problems(d)).isEmpty();
        assertThat(d.samples()).isGreaterThan(6);
        assertThat(d.doctorSeconds()).isPositive();
        assertThat(d.overhead()).isFinite().isPositive();
        System.out.println(d.signals().activations.get(0));
    }

    @Test
    void learningRateTenIsDetected() {
        TrainingDoctor d = run(Map.of("hidden", "16"), healthy().withLearningRate(10));
        assertThat(problems(d)).containsAnyOf("nan-loss", "learning-rate-too-high", "exploding-gradient");
        assertThat(problems(d)).contains("learning-rate-too-high");
    }

    @Test
    void deadReluFromBadBiasIsDetected() {
        TrainingDoctor d = run(Map.of("hidden", "16,16", "bias-init", "-10"), healthy());
        assertThat(problems(d)).contains("dying-relu");
    }

    @Test
    void softmaxOutputIsAMismatch() {
        TrainingDoctor d = run(Map.of("hidden", "16", "output", "softmax"), healthy());
        assertThat(problems(d)).contains("output-loss-mismatch");
    }

    @Test
    void inFixModeTheDoctorStopsTrainingAtTheProblem() {
        TrainingDoctor doctor = new TrainingDoctor(DoctorThresholds.defaults().withSampleEvery(5), Detectors.all(),
                null, true);
        TrainingConfig config = healthy().withOptimizer("sgd").withLearningRate(10);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), config.seed())) {
            var history = new Trainer(config).addListener(doctor).fit(net, TRAIN, VALID);
            assertThat(history.stoppedEarly).startsWith("doctor: ");
            assertThat(history.batchLosses.size()).isLessThan(config.epochs() * 19);
        }
        assertThat(doctor.firstProblem()).isPresent();
    }

    @Test
    void liveNotesReachTheProgressBar() {
        List<String> notes = new java.util.ArrayList<>();
        TrainingDoctor doctor = new TrainingDoctor(DoctorThresholds.defaults(), Detectors.all(), notes::add, false);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16", "output", "softmax"), TRAIN), 3)) {
            new Trainer(healthy().withEpochs(1)).addListener(doctor).fit(net, TRAIN, VALID);
        }
        assertThat(notes).isNotEmpty().allSatisfy(n -> assertThat(n).contains("doctor"));
        assertThat(notes.get(0)).contains("output-loss-mismatch");
    }
}
