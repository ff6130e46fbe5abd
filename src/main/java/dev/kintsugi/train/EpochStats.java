package dev.kintsugi.train;

/**
 * One epoch's summary. Validation fields are NaN when there is no validation split.
 *
 * @param epoch        1-based
 * @param learningRate the rate in effect at the end of the epoch
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validLoss,
                         double validAccuracy, double learningRate, double seconds) {
}
