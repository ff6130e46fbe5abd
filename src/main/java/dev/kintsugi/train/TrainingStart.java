package dev.kintsugi.train;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;

/** What a run is about to do: the network, the data and the configuration. */
public record TrainingStart(Network network, Dataset train, Dataset valid, TrainingConfig config,
                            int batchesPerEpoch) {
}
