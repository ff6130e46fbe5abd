package dev.kintsugi.train;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerTest {
    static final Dataset TRAIN = TestData.blobs("train", 600, 6, 3, 1);
    static final Dataset VALID = TestData.blobs("valid", 150, 6, 3, 2);

    static TrainingConfig config() {
        return TrainingConfig.defaults().withEpochs(3).withBatchSize(32).withLearningRate(0.01).withSeed(5);
    }

    @Test
    void learnsAnEasyTask() {
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            double before = Predictor.predict(net, VALID).accuracy();
            TrainingHistory h = new Trainer(config()).fit(net, TRAIN, VALID);
            assertThat(h.epochs).hasSize(3);
            assertThat(h.last().validAccuracy()).isGreaterThan(0.9).isGreaterThan(before);
            assertThat(h.epochs.get(2).trainLoss()).isLessThan(h.epochs.get(0).trainLoss());
            assertThat(h.batchLosses).hasSize(3 * 19);
        }
    }

    @Test
    void sameSeedGivesIdenticalParametersAndPredictions() {
        float[][] weights = new float[2][];
        int[][] predicted = new int[2][];
        for (int run = 0; run < 2; run++) {
            try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16", "dropout", "0.2"), TRAIN), 5)) {
                new Trainer(config()).fit(net, TRAIN, VALID);
                weights[run] = net.parameterValues(1, "weight");
                predicted[run] = Predictor.predict(net, VALID).predictedClasses();
            }
        }
        assertThat(weights[1]).containsExactly(weights[0]);
        assertThat(predicted[1]).containsExactly(predicted[0]);
    }

    @Test
    void sgdWithScheduleClippingAndClassWeightsTrainsToo() {
        TrainingConfig c = config().withOptimizer("sgd").withLearningRate(0.1).withSchedule("cosine").withClipNorm(1.0)
                .withClassWeighting("balanced");
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            TrainingHistory h = new Trainer(c).fit(net, TRAIN, VALID);
            assertThat(h.last().validAccuracy()).isGreaterThan(0.9);
            assertThat(h.last().learningRate()).isLessThan(0.1);
        }
    }

    @Test
    void listenersSeeGradientsBeforeEachStepAndEveryEpoch() {
        List<Map<String, Double>> norms = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchEvent batch) {
                if (batch.batch() == 0) {
                    norms.add(batch.gradientNorms());
                }
            }

            @Override
            public void onEpochEnd(EpochEvent epoch) {
                epochs.add(epoch.stats().epoch());
            }
        };
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            new Trainer(config()).addListener(spy).fit(net, TRAIN, VALID);
        }
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(norms).hasSize(3);
        assertThat(norms.get(0)).hasSize(4).allSatisfy((k, v) -> assertThat(v).isPositive().isFinite());
    }

    @Test
    void aListenerCanStopTheRun() {
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochEvent epoch) {
                epoch.control().stop("seen enough");
            }
        };
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), TRAIN), 5)) {
            TrainingHistory h = new Trainer(config().withEpochs(5)).addListener(stopper).fit(net, TRAIN, VALID);
            assertThat(h.epochs).hasSize(1);
            assertThat(h.stoppedEarly).isEqualTo("seen enough");
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // A learning rate far too high makes validation loss worse after the first epoch or so.
        TrainingConfig c = config().withEpochs(8).withPatience(2).withOptimizer("sgd").withLearningRate(3.0)
                .withMomentum(0.99);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            TrainingHistory h = new Trainer(c).fit(net, TRAIN, VALID);
            assertThat(h.bestEpoch).isNotNull();
            Predictions p = Predictor.predict(net, VALID);
            double bestLoss = h.epochs.get(h.bestEpoch - 1).validLoss();
            assertThat(p.meanLoss()).isCloseTo(bestLoss, org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void trainsAConvnetOnTinyImages() {
        Dataset train = TestData.bands("train", 300, 8, 4, 3);
        Dataset valid = TestData.bands("valid", 80, 8, 4, 4);
        try (Network net = Network.create(TestData.spec("cnn", Map.of("channels", "4", "hidden", "16"), train), 1)) {
            TrainingHistory h = new Trainer(config().withEpochs(4)).fit(net, train, valid);
            assertThat(h.last().validAccuracy()).isGreaterThan(0.9);
        }
    }

    @Test
    void plateauScheduleCutsTheRateOnceTheValidationLossStopsImproving() {
        // a rate far too high for SGD keeps the loss from improving, so the rate must come down
        TrainingConfig c = config().withOptimizer("sgd").withLearningRate(50).withMomentum(0).withEpochs(8)
                .withSchedule("plateau");
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            TrainingHistory h = new Trainer(c).fit(net, TRAIN, VALID);
            assertThat(h.epochs.get(0).learningRate()).isEqualTo(50.0);
            assertThat(h.last().learningRate()).isLessThan(50.0);
        }
    }

    @Test
    void inputNoiseChangesTrainingDeterministicallyWithoutTouchingInitialisation() {
        float[][] weights = new float[3][];
        double[] noise = {0, 0.5, 0.5};
        for (int run = 0; run < 3; run++) {
            try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
                new Trainer(config().withEpochs(1).withInputNoise(noise[run])).fit(net, TRAIN, VALID);
                weights[run] = net.parameterValues(1, "weight");
            }
        }
        assertThat(weights[1]).isNotEqualTo(weights[0]);
        assertThat(weights[2]).containsExactly(weights[1]);
    }

    @Test
    void listenersSeeTheGradientsBeforeClipping() {
        List<Double> norms = new ArrayList<>();
        TrainingListener watcher = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchEvent batch) {
                double sq = batch.gradientNorms().values().stream().mapToDouble(v -> v * v).sum();
                norms.add(Math.sqrt(sq));
            }
        };
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), TRAIN), 5)) {
            new Trainer(config().withEpochs(1).withClipNorm(1e-3)).addListener(watcher).fit(net, TRAIN, VALID);
        }
        assertThat(norms).hasSize(19).allSatisfy(n -> assertThat(n).isGreaterThan(10 * 1e-3));
    }
}
