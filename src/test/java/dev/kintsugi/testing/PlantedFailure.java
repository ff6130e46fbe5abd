package dev.kintsugi.testing;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.train.EpochRecorder;
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
            Map.entry("rdlmEpochs", "8"), Map.entry("retrainSamples", "300"), Map.entry("eta", "0.05"),
            // NeuRecover selects a weight only where four top-k sets of a layer agree; in a 16-unit MLP they
            // rarely do at its default rate 1.0, so k is widened (its reduction_rate option)
            Map.entry("reductionRate", "4"));

    private PlantedFailure() {
    }

    /** The training history of each model {@link #trainModel} made, as --keep-history would keep it. */
    private static final Map<Network, EpochHistory> HISTORIES = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    public static Network trainModel() {
        return trainModel(1);
    }

    /**
     * The planted-failure model after {@code epochs} epochs. NeuRecover needs two or more: after one, the
     * "previous epoch" is the random initialisation, and every input it happened to get right the trained
     * model gets right too, so there is no regression to undo.
     */
    public static Network trainModel(int epochs) {
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), SPLITS.train()), 3);
        EpochRecorder recorder = new EpochRecorder();
        new Trainer(TrainingConfig.defaults().withEpochs(epochs).withBatchSize(32).withLearningRate(0.003).withSeed(3))
                .addListener(recorder).fit(net, SPLITS.train(), SPLITS.valid());
        HISTORIES.put(net, recorder.historyOf(net));
        return net;
    }

    /** A repair context for {@code original}, with its training history when {@link #trainModel} made it. */
    public static RepairContext context(Network original, long seed, Double maxNfr) {
        return RepairContext.prepare(original, SPLITS, seed, Duration.ofMinutes(2), maxNfr, FAST_OPTIONS,
                new PrintStream(new ByteArrayOutputStream())).withHistory(HISTORIES.get(original));
    }
}
