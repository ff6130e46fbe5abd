package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeadRetrainerTest {
    private static Splits splits;
    private static Network model;

    @BeforeAll
    static void train() {
        splits = FailureFakes.splits(5);
        model = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), splits.train()), 3);
        new Trainer(TrainingConfig.defaults().withEpochs(2).withSeed(3)).fit(model, splits.train(), splits.valid());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Dataset debugTrain() {
        // class 1 on red (class 0's common background): the spurious case
        return FailureFakes.generator().generate("class1", 1, "red", 200, 9);
    }

    @Test
    void lowersTheWeightedLossAndChangesOnlyTheHead() {
        float[] before = model.flatParameters();
        HeadRetrainer retrainer = new HeadRetrainer(HeadRetrainingConfig.paperDefaults().withEpochs(200)
                .withTrainPerClass(0));
        int head = model.headIndex();
        HeadRetrainer.Fit fit = retrainer.fit(model, ActivationCache.of(model, splits.train(), head),
                ActivationCache.of(model, debugTrain(), head));
        assertThat(fit.finalLoss()).isLessThan(fit.initialLoss() * 0.9);
        try (Network fixed = HeadRetrainer.withHead(model, fit)) {
            assertThat(model.flatParameters()).containsExactly(before);
            for (int layer = 0; layer < model.layers().size(); layer++) {
                for (var p : model.layers().get(layer).parameters()) {
                    float[] a = model.parameterValues(layer, p.name());
                    float[] b = fixed.parameterValues(layer, p.name());
                    if (layer == head) {
                        assertThat(Arrays.equals(a, b)).as("head %s changed", p.name()).isFalse();
                    } else {
                        assertThat(b).as("layer %d %s", layer, p.name()).containsExactly(a);
                    }
                }
            }
            Dataset probe = FailureFakes.generator().generate("class1", 1, "red", 100, 99);
            assertThat(FailureStudy.accuracy(fixed, probe)).isGreaterThan(FailureStudy.accuracy(model, probe));
        }
    }

    @Test
    void mitigateIsDeterministicAndLambdaZeroIgnoresTheDebugData() {
        HeadRetrainer r = new HeadRetrainer(HeadRetrainingConfig.paperDefaults().withEpochs(50).withTrainPerClass(50));
        try (Network a = r.mitigate(model, splits, debugTrain(), 4, System.err);
             Network b = r.mitigate(model, splits, debugTrain(), 4, System.err)) {
            assertThat(a.flatParameters()).containsExactly(b.flatParameters());
        }
        HeadRetrainer zero = new HeadRetrainer(r.config().withLambda(0));
        Dataset other = FailureFakes.generator().generate("class2", 2, "blue", 50, 1);
        try (Network a = zero.mitigate(model, splits, debugTrain(), 4, System.err);
             Network b = zero.mitigate(model, splits, other, 4, System.err)) {
            assertThat(a.flatParameters()).containsExactly(b.flatParameters());
        }
    }

    @Test
    void originalTrainIsAStratifiedSample() {
        Dataset sample = HeadRetrainer.originalTrain(splits.train(), 30, 1);
        assertThat(sample.classCounts()).containsExactly(30, 30, 30, 30);
        assertThat(HeadRetrainer.originalTrain(splits.train(), 0, 1).size()).isEqualTo(splits.train().size());
    }

    @Test
    void lambdaSweepGivesOnePointPerLambda() {
        DebugSet ds = DebugSet.find(model, splits.repair(), 1);
        List<SweepPoint> points = LambdaSweep.run(model, HeadRetrainer.originalTrain(splits.train(), 50, 1), debugTrain(),
                splits.test(), ds, HeadRetrainingConfig.paperDefaults().withEpochs(20), List.of(0.0, 1.0), null);
        assertThat(points).extracting(SweepPoint::lambda).containsExactly(0.0, 1.0);
        assertThat(points).allSatisfy(p -> assertThat(p.test()).isBetween(0.0, 1.0));
    }
}
