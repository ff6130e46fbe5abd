package dev.kintsugi.diagnose.data;

import dev.kintsugi.diagnose.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelNoiseCheckTest {
    @Test
    void flagsPlantedLabelFlipsWithHighPrecisionAndRecall() {
        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0.08, 5);
        LabelNoiseCheck check = new LabelNoiseCheck(new SharedPredictions(
                new OutOfSampleProbabilities(3, 0, DataDoctorFixtures.probe())));
        CheckResult result = check.run(new DataCheckContext(planted.splits(), null, null, 1, DataDoctorFixtures.QUIET));

        @SuppressWarnings("unchecked")
        List<ConfidentLearning.Suspect> suspects = (List<ConfidentLearning.Suspect>) result.metrics()
                .get(LabelNoiseCheck.SUSPECTS);
        long hits = suspects.stream().filter(s -> planted.flipped()[s.index()]).count();
        assertThat(planted.flips()).isGreaterThan(30);
        assertThat((double) hits / suspects.size()).as("precision").isGreaterThanOrEqualTo(0.9);
        assertThat((double) hits / planted.flips()).as("recall").isGreaterThanOrEqualTo(0.9);
        // the suggested label of a flipped sample is its true class
        ConfidentLearning.Suspect top = suspects.get(0);
        assertThat(top.suggestedLabel()).isEqualTo(trueLabel(planted, top.index()));
        assertThat(result.findings().get(0).severity()).isEqualTo(Severity.PROBLEM);
        assertThat(result.findings().get(0).fix()).contains("--fix");
    }

    @Test
    void cleanDataRaisesLittle() {
        DataDoctorFixtures.Planted clean = DataDoctorFixtures.blobsWithFlips(0, 5);
        CheckResult result = new LabelNoiseCheck(new SharedPredictions(
                new OutOfSampleProbabilities(3, 0, DataDoctorFixtures.probe())))
                .run(new DataCheckContext(clean.splits(), null, null, 1, DataDoctorFixtures.QUIET));
        assertThat((double) result.metrics().get("flaggedRate")).isLessThan(0.02);
    }

    @Test
    void subsetOptionChecksOnlyThatManySamples() {
        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0.05, 5);
        CheckResult result = new LabelNoiseCheck(new SharedPredictions(
                new OutOfSampleProbabilities(2, 200, DataDoctorFixtures.probe())))
                .run(new DataCheckContext(planted.splits(), null, null, 1, DataDoctorFixtures.QUIET));
        assertThat((int) result.metrics().get("samplesChecked")).isBetween(198, 202);
    }

    private static int trueLabel(DataDoctorFixtures.Planted planted, int index) {
        // blobs assign class i % 3 before the split; the split keeps features, so recover the class from them
        float[] x = planted.splits().train().sample(index);
        int best = 0;
        for (int c = 1; c < 3; c++) {
            best = x[c] > x[best] ? c : best;
        }
        return best;
    }

    @Test
    void asManyFoldsAsSamplesIsLeaveOneOut() {
        dev.kintsugi.data.Dataset tiny = dev.kintsugi.testing.TestData.blobs("tiny", 12, 4, 2, 3);
        OutOfSampleProbabilities.Result r = new OutOfSampleProbabilities(12, 0, new ProbeModel("mlp",
                dev.kintsugi.train.TrainingConfig.defaults().withEpochs(3).withBatchSize(4)))
                .compute(tiny, 0, DataDoctorFixtures.QUIET);
        assertThat(r.predictions().datasetName()).contains("12-fold");
        assertThat(r.predictions().size()).isEqualTo(12);
        for (int i = 0; i < 12; i++) {
            double sum = 0;
            for (int c = 0; c < 2; c++) {
                sum += r.predictions().probability(i, c);
            }
            assertThat(sum).as("every sample was predicted once").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void seedsAverageSeveralProbesPerFold() {
        dev.kintsugi.data.Dataset data = dev.kintsugi.testing.TestData.blobs("blobs", 60, 4, 3, 5);
        ProbeModel probe = new ProbeModel("mlp", dev.kintsugi.train.TrainingConfig.defaults().withEpochs(2)
                .withBatchSize(8));
        OutOfSampleProbabilities.Result one = new OutOfSampleProbabilities(3, 0, probe, 1)
                .compute(data, 0, DataDoctorFixtures.QUIET);
        OutOfSampleProbabilities.Result two = new OutOfSampleProbabilities(3, 0, probe, 2)
                .compute(data, 0, DataDoctorFixtures.QUIET);
        boolean differs = false;
        for (int i = 0; i < data.size(); i++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += two.predictions().probability(i, c);
                differs |= Math.abs(two.predictions().probability(i, c) - one.predictions().probability(i, c)) > 1e-6;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(two.predictions().predicted(i)).isEqualTo(argMax(two.predictions(), i, 3));
        }
        assertThat(differs).as("a second seed changes the averaged probabilities").isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OutOfSampleProbabilities(3, 0, probe, 0))
                .isInstanceOf(dev.kintsugi.KintsugiException.class).hasMessageContaining("--probe-seeds");
    }

    private static int argMax(dev.kintsugi.evaluate.Predictions p, int i, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            best = p.probability(i, c) > p.probability(i, best) ? c : best;
        }
        return best;
    }
}
