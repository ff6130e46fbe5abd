package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassImbalanceCheckTest {
    @Test
    void imbalanceRatioIsLargestOverSmallest() {
        assertThat(ClassImbalanceCheck.imbalanceRatio(new int[] {100, 10, 50})).isCloseTo(10.0, within(1e-12));
        assertThat(ClassImbalanceCheck.imbalanceRatio(new int[] {7, 7})).isEqualTo(1.0);
        assertThat(ClassImbalanceCheck.imbalanceRatio(new int[] {7, 0})).isInfinite();
    }

    @Test
    void reportsCountsRatioAndSeverity() {
        Dataset blobs = TestData.blobs("blobs", 300, 4, 3, 1);
        int[] keep = java.util.stream.IntStream.range(0, 300).filter(i -> blobs.label(i) != 2 || i < 30).toArray();
        Dataset train = blobs.subset("imbalanced", keep); // 100, 100, 10
        Splits splits = new Splits("test", train, blobs, blobs, blobs);
        CheckResult r = new ClassImbalanceCheck(new SharedPredictions(OutOfSampleProbabilities.defaults()))
                .run(new DataCheckContext(splits, null, null, 0, DataDoctorFixtures.QUIET));
        assertThat((double) r.metrics().get("imbalanceRatio")).isCloseTo(10.0, within(1e-12));
        assertThat(r.metrics().get("counts")).isEqualTo(Map.of("class0", 100, "class1", 100, "class2", 10));
        assertThat(r.findings().get(0).severity()).isEqualTo(Severity.PROBLEM);
        assertThat(r.findings().get(0).fix()).contains("--sampling oversample");
        assertThat(r.metrics()).doesNotContainKey("recall"); // no model and no cross-validation ran

        Splits balanced = new Splits("test", blobs, blobs, blobs, blobs);
        CheckResult b = new ClassImbalanceCheck(new SharedPredictions(OutOfSampleProbabilities.defaults()))
                .run(new DataCheckContext(balanced, null, null, 0, DataDoctorFixtures.QUIET));
        assertThat(b.findings().get(0).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void perClassRecallComesFromTheGivenModelOnValid() {
        Dataset blobs = TestData.blobs("blobs", 300, 4, 3, 1);
        Splits splits = new Splits("test", blobs, blobs, blobs, blobs);
        try (dev.kintsugi.model.Network model = DataDoctorFixtures.probe().train(blobs, 1)) {
            CheckResult r = new ClassImbalanceCheck(new SharedPredictions(OutOfSampleProbabilities.defaults()))
                    .run(new DataCheckContext(splits, null, model, 0, DataDoctorFixtures.QUIET));
            assertThat((String) r.metrics().get("recallSource")).startsWith("the given model");
            @SuppressWarnings("unchecked")
            Map<String, Double> recall = (Map<String, Double>) r.metrics().get("recall");
            assertThat(recall).containsOnlyKeys("class0", "class1", "class2");
            assertThat(recall.values()).allSatisfy(v -> assertThat(v).isGreaterThan(0.9));
        }
    }

    @Test
    void perClassRecallCountsCorrectPredictionsPerLabel() {
        dev.kintsugi.evaluate.Predictions p = ConfidentLearningTest.predictions(new int[] {0, 0, 0, 1},
                new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}});
        assertThat(ClassImbalanceCheck.perClassRecall(p)).containsExactly(2.0 / 3, 1.0);
    }
}
