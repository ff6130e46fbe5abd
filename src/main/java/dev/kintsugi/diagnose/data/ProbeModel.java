package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;

import java.util.Map;

/**
 * The zoo model that data checks train from scratch (per cross-validation fold, per learning-curve point):
 * an architecture and a training recipe. Kept cheap by default (few epochs), because a check trains it
 * many times; the cost is the check's, not the user's model's. A more accurate probe (more epochs, a cosine
 * schedule, or several seeds averaged by {@link OutOfSampleProbabilities}) makes confident learning's flags
 * more precise, because its false flags are clean samples the probe gets wrong.
 *
 * @param architecture a {@link ModelZoo} name, or {@code null} for the default: {@code lenet5} for images,
 *                     {@code mlp} otherwise
 * @param config       the recipe; its seed is offset per trained copy
 */
public record ProbeModel(String architecture, TrainingConfig config) {
    public static final int DEFAULT_EPOCHS = 2;

    public static ProbeModel defaults() {
        return new ProbeModel(null, TrainingConfig.defaults().withEpochs(DEFAULT_EPOCHS));
    }

    public ProbeModel withEpochs(int epochs) {
        return new ProbeModel(architecture, config.withEpochs(epochs));
    }

    public ProbeModel withSchedule(String schedule) {
        return new ProbeModel(architecture, config.withSchedule(schedule));
    }

    public ProbeModel withArchitecture(String name) {
        return new ProbeModel(name, config);
    }

    /** The architecture used for {@code data}. */
    public String architectureFor(Dataset data) {
        if (architecture != null) {
            return architecture;
        }
        return data.sampleShape().length == 3 ? "lenet5" : "mlp";
    }

    /** A fresh network trained on {@code train}; the caller closes it. */
    public Network train(Dataset train, long seed) {
        ArchitectureSpec spec = ModelZoo.specFor(architectureFor(train), Map.of(), train, true);
        Network network = Network.create(spec, seed);
        try {
            new Trainer(config.withSeed(seed)).fit(network, train, null);
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
