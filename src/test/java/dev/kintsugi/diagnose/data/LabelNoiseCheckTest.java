package dev.kintsugi.diagnose.data;

import dev.kintsugi.diagnose.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    @Test
    void wilsonIntervalMatchesNewcombesPublishedExamples() {
        // Newcombe (1998), Statistics in Medicine 17:857, Table II, method 3 (score interval)
        assertThat(LabelNoiseCheck.wilson95(81, 263)).containsExactly(new double[]{0.2553, 0.3662}, within(5e-5));
        assertThat(LabelNoiseCheck.wilson95(15, 148)).containsExactly(new double[]{0.0624, 0.1605}, within(5e-5));
        assertThat(LabelNoiseCheck.wilson95(0, 20)).containsExactly(new double[]{0.0, 0.1611}, within(5e-5));
        assertThat(LabelNoiseCheck.wilson95(1, 29)).containsExactly(new double[]{0.0061, 0.1718}, within(5e-5));
    }

    @Test
    void aWeakProbeFlaggingMostOfItsMistakesIsReportedAsInconclusiveNotAsAProblem() {
        // the demo's quick probe before this rule: 73.8% out of sample, 826 of 5000 flagged -> "PROBLEM 16.5%"
        assertThat(LabelNoiseCheck.separates(826 / 5000.0, 0.738)).isFalse();
        // the strong setting on the whole training split: 89.3%, 3.0% flagged
        assertThat(LabelNoiseCheck.separates(0.030, 0.893)).isTrue();
        // a probe whose mistakes are the planted flips (few hard samples): its flags are the wrong labels
        assertThat(LabelNoiseCheck.separates(0.080, 0.915)).isTrue();

        DataDoctorFixtures.Planted planted = DataDoctorFixtures.blobsWithFlips(0, 5);
        List<ConfidentLearning.Suspect> suspects = java.util.Collections.nCopies(826,
                new ConfidentLearning.Suspect(0, 0, 1, 0.1, 0.8));
        var weak = LabelNoiseCheck.finding(suspects, 5000, 0.17, 0.738, planted.splits().train());
        assertThat(weak.severity()).isEqualTo(Severity.INFO);
        assertThat(weak.problem()).contains("not measured").contains("73.8%");
        assertThat(weak.evidence()).contains("826 of 5000").contains("95% CI 15.5-17.6%").contains("between 0% and 17.6%");
        assertThat(weak.details()).containsEntry("conclusive", false);

        var strong = LabelNoiseCheck.finding(suspects, 5000, 0.17, 0.82, planted.splits().train());
        assertThat(strong.severity()).isEqualTo(Severity.PROBLEM);
        assertThat(strong.problem()).contains("826 of 5000 training labels (16.5%, 95% CI 15.5-17.6%) look wrong");
    }
}
