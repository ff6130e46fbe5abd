package dev.kintsugi.train;

import dev.kintsugi.model.Network;

/** The end of an epoch, after validation. */
public record EpochEvent(Network network, EpochStats stats, TrainingHistory history, TrainingControl control) {
}
