package dev.kintsugi.testing;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** A small trained MLP that fails on a planted sub-population ({@link TestData#plantedSubpopulation}). */
public final class PlantedFailure {
    public static final Splits SPLITS = TestData.plantedSubpopulation(11);

    /** Small search budgets so tests stay fast; each approach reads only the options it knows. */
    public static final Map<String, String> FAST_OPTIONS = Map.ofEntries(Map.entry("epochs", "6"),
            Map.entry("lr", "0.003"), Map.entry("generations", "30"), Map.entry("population", "30"),
            Map.entry("iterations", "30"), Map.entry("rdlms", "6"), Map.entry("rdlmSamples", "100"),
            Map.entry("rdlmEpochs", "8"), Map.entry("retrainSamples", "300"), Map.entry("eta", "0.05"));

    private PlantedFailure() {
    }

    public static Network trainModel() {
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), SPLITS.train()), 3);
        new Trainer(TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(0.003).withSeed(3))
                .fit(net, SPLITS.train(), SPLITS.valid());
        return net;
    }

    public static RepairContext context(Network original, long seed, Double maxNfr) {
        return RepairContext.prepare(original, SPLITS, seed, Duration.ofMinutes(2), maxNfr, FAST_OPTIONS,
                new PrintStream(new ByteArrayOutputStream()));
    }
}
