package dev.kintsugi.diagnose.stability;

import dev.kintsugi.train.EpochStats;

import java.util.List;

/**
 * A finished study: what every run reached, how their final test accuracies spread, which runs
 * collapsed (and when), and how much the runs' test predictions agree. This is {@code stability.json}'s
 * {@code result}.
 *
 * @param design     the settings every run shared
 * @param rule       the collapse rule applied
 * @param runs       one summary per run, in run order
 * @param accuracy   final test accuracy across runs
 * @param collapsed  how many runs collapsed
 * @param agreement  churn and per-sample agreement on the test split
 * @param testSize   test inputs each run predicted
 */
public record StabilityResult(StudyDesign design, CollapseRule rule, List<Run> runs, AccuracySpread accuracy,
                              int collapsed, PredictionAgreement agreement, int testSize) {

    /**
     * One run's outcome.
     *
     * @param lossCurve training loss per tenth of an epoch ({@link LossCurve})
     * @param collapse the first collapse, or null
     * @param resumed  true when the run was read back from an earlier, interrupted invocation
     */
    public record Run(RunSeeds seeds, double testAccuracy, double validAccuracy, List<EpochStats> epochs,
                      double[] lossCurve, CollapseRule.Collapse collapse, double seconds, boolean resumed) {
    }
}
