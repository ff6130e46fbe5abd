package dev.kintsugi.failures;

import java.util.List;
import java.util.Map;

/** The JSON form of a {@link FailureStudy} ({@code failures.json}). Accuracies are fractions 0..1. */
public record FailureStudyResult(String describer, String proposer, String generator, String mitigation,
                                 Map<String, Object> mitigationSettings, int k, int imagesPerFailure, long seed,
                                 DebugSetSummary debugSet, List<FailureMode> failureModes, List<String> failureModesInWords,
                                 DescribedFailures.Accuracy describerAccuracy, int debugTrainImages,
                                 int randomTrainImages, List<AccuracyRow> accuracy, List<SweepPoint> lambdaSweep,
                                 Map<String, Double> seconds) {

    /** Sizes of the debug set and its halves, overall and per class. */
    public record DebugSetSummary(String split, int splitSize, double splitAccuracy, int failures, int debugSeed,
                                  int debugHeldout, int[] failuresPerClass) {
        static DebugSetSummary of(DebugSet d) {
            return new DebugSetSummary(d.source().name(), d.source().size(), d.sourceAccuracy(), d.failures().length,
                    d.seedIdx().length, d.heldoutIdx().length, d.failuresPerClass());
        }
    }

    /** A row of the accuracy table by model name ({@code original}, {@code ours}, {@code random}). */
    public AccuracyRow row(String model) {
        return accuracy.stream().filter(r -> r.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + model));
    }
}
