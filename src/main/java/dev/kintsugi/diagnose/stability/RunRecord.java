package dev.kintsugi.diagnose.stability;

import dev.kintsugi.train.TrainingHistory;

/**
 * What one finished run left behind, written as one JSON file when the run ends: its seeds, curves,
 * final accuracies and its predicted class for every test input (in test-split order).
 *
 * @param seeds           the run's seeds
 * @param history         per-epoch statistics and every batch loss
 * @param validAccuracy   validation accuracy after the last epoch
 * @param testAccuracy    test accuracy after the last epoch
 * @param testPredictions predicted class per test input
 * @param seconds         wall time of training and prediction
 */
public record RunRecord(RunSeeds seeds, TrainingHistory history, double validAccuracy, double testAccuracy,
                        int[] testPredictions, double seconds) {
}
