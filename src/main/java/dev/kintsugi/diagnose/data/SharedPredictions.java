package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;

import java.util.Optional;

/**
 * Out-of-sample probabilities computed at most once per suite run and shared between checks: the
 * label-noise check computes them, the class-imbalance check reuses them for per-class recall when no
 * reference model is given (and does not pay for them itself).
 */
public final class SharedPredictions {
    private final OutOfSampleProbabilities settings;
    private Dataset computedFor;
    private OutOfSampleProbabilities.Result result;

    public SharedPredictions(OutOfSampleProbabilities settings) {
        this.settings = settings;
    }

    public OutOfSampleProbabilities settings() {
        return settings;
    }

    /** The training split's out-of-sample probabilities, computing them on first use. */
    public synchronized OutOfSampleProbabilities.Result get(DataCheckContext context) {
        Dataset train = context.splits().train();
        if (result == null || computedFor != train) {
            result = settings.compute(train, context.seed(), context.log());
            computedFor = train;
        }
        return result;
    }

    /** The probabilities if a check already computed them for this context's training split. */
    public synchronized Optional<OutOfSampleProbabilities.Result> ifComputed(DataCheckContext context) {
        return result != null && computedFor == context.splits().train() ? Optional.of(result) : Optional.empty();
    }
}
