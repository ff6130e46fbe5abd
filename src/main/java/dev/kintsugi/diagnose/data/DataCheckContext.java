package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;

import java.io.PrintStream;
import java.util.Optional;

/**
 * What a data check may look at: the dataset's four splits, an optional second dataset to compare against
 * (drift), an optional trained model (embeddings, reference recall) and the seed that makes every
 * randomised step repeatable. {@code log} takes progress lines and bars.
 */
public record DataCheckContext(Splits splits, Dataset against, Network model, long seed, PrintStream log) {
    public Optional<Dataset> againstDataset() {
        return Optional.ofNullable(against);
    }

    public Optional<Network> referenceModel() {
        return Optional.ofNullable(model);
    }
}
