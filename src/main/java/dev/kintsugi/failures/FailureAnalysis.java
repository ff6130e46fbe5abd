package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;

import java.io.PrintStream;
import java.util.List;

/**
 * Steps 1 and 2 of the framework for one model: its debug set on the repair split, the debug-seed failures
 * described in words, and the top-k failure modes per class.
 */
public record FailureAnalysis(DebugSet debugSet, DescribedFailures described, List<FailureMode> modes, int k,
                              double findSeconds, double describeSeconds) {
    public static final int DEFAULT_K = 5;

    public static FailureAnalysis run(Classifier model, Dataset repairSplit, FailureComponents components, int k,
                                      long seed, PrintStream log) {
        long t0 = System.nanoTime();
        DebugSet debugSet = DebugSet.find(model, repairSplit, seed);
        long t1 = System.nanoTime();
        log.printf("debug set: %d failures on %s (%d seed / %d heldout)%n", debugSet.failures().length,
                repairSplit.name(), debugSet.seedIdx().length, debugSet.heldoutIdx().length);
        DescribedFailures described = DescribedFailures.describe(debugSet.seedSet(), components.describer(),
                components.proposer());
        List<FailureMode> modes = described.modes(k);
        long t2 = System.nanoTime();
        return new FailureAnalysis(debugSet, described, modes, k, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** The generation requests for ours: n images per debug-seed failure covered by a mode. */
    public List<DebugTrain.Request> requests(int imagesPerFailure) {
        return DebugTrain.forModes(modes, imagesPerFailure);
    }
}
