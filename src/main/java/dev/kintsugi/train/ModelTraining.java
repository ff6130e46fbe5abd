package dev.kintsugi.train;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Train a network on a split and save it with its provenance and curves: the whole of `kintsugi train`. */
public final class ModelTraining {
    public static final String HISTORY_FILE = "training.json";

    /** What the run produced. */
    public record Result(TrainingHistory history, Provenance provenance) {
    }

    private ModelTraining() {
    }

    /**
     * Trains {@code network} on {@code splits.train()} with validation on {@code splits.valid()} and saves
     * it to {@code out}; {@code progress} (may be null) shows a progress bar.
     */
    public static Result trainAndSave(Network network, Splits splits, TrainingConfig config, String dataName,
                                      long splitSeed, String command, Path out, boolean force, PrintStream progress) {
        long start = System.nanoTime();
        Trainer trainer = new Trainer(config);
        if (progress != null) {
            trainer.addListener(new ProgressListener(progress));
        }
        TrainingHistory history = trainer.fit(network, splits.train(), splits.valid());
        return save(network, splits, config, dataName, splitSeed, command, history, start, out, force, Map.of());
    }

    /**
     * Saves a network trained elsewhere (for example by the training doctor's repair loop) the way
     * {@link #trainAndSave} does, with {@code extras} as more JSON files beside it.
     */
    public static Result save(Network network, Splits splits, TrainingConfig config, String dataName, long splitSeed,
                              String command, TrainingHistory history, long start, Path out, boolean force,
                              Map<String, ?> extras) {
        Provenance provenance = provenance(network, splits, config, dataName, splitSeed, command, history, start);
        Map<String, Object> files = new java.util.LinkedHashMap<>(extras);
        files.put(HISTORY_FILE, history);
        ModelStore.save(network, provenance, out, force, files);
        return new Result(history, provenance);
    }

    static Provenance provenance(Network network, Splits splits, TrainingConfig config, String dataName,
                                 long splitSeed, String command, TrainingHistory history, long start) {
        return Provenance.of("model", command)
                .seed(config.seed())
                .input("train", splits.train().name(), splits.train().checksum())
                .input("valid", splits.valid().name(), splits.valid().checksum())
                .parameter("dataset", dataName)
                .parameter("splitSeed", splitSeed)
                .parameter("architecture", network.spec().architecture())
                .parameter("options", network.spec().options())
                .parameter("training", config)
                .parameter("epochsRun", history.epochs.size())
                .cost(start);
    }
}
