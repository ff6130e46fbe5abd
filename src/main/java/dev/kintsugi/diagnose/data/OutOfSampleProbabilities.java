package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Folds;
import dev.kintsugi.data.StratifiedSplitter;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Out-of-sample predicted probabilities by stratified k-fold cross-validation: a fresh {@link ProbeModel}
 * is trained on k−1 folds and predicts the held-out fold, so every sample's probabilities come from a
 * model that never saw it (what confident learning needs). Costs k trainings on (k−1)/k of the data;
 * {@code maxSamples} runs on a stratified subset instead of the whole split. With {@code seeds > 1} each
 * fold trains that many probes (different seeds) and averages their probabilities, a small ensemble: better
 * calibrated and more accurate probabilities, which cleanlab's documentation recommends for confident
 * learning, at {@code seeds} times the cost.
 *
 * @param folds      k, at least 2 (default 5); k at least the number of samples means leave-one-out
 * @param maxSamples 0 for the whole split, else at most this many samples (a stratified subset)
 * @param probe      the model trained per fold
 * @param seeds      probes trained (and averaged) per fold, at least 1 (default 1)
 */
public record OutOfSampleProbabilities(int folds, int maxSamples, ProbeModel probe, int seeds) {
    public static final int DEFAULT_FOLDS = 5;
    /** Seed offset between the ensemble members of one fold (folds use offsets 0..k-1). */
    static final long SEED_STRIDE = 1_000;

    public OutOfSampleProbabilities(int folds, int maxSamples, ProbeModel probe) {
        this(folds, maxSamples, probe, 1);
    }

    public OutOfSampleProbabilities {
        if (seeds < 1) {
            throw new KintsugiException("--probe-seeds must be at least 1, got " + seeds);
        }
        if (folds < 2) {
            throw new KintsugiException("--folds must be at least 2, got " + folds);
        }
        if (maxSamples < 0) {
            throw new KintsugiException("--max-samples must not be negative, got " + maxSamples);
        }
    }

    public static OutOfSampleProbabilities defaults() {
        return new OutOfSampleProbabilities(DEFAULT_FOLDS, 0, ProbeModel.defaults());
    }

    /**
     * The result: {@code indices} says which samples of the split were used (ascending), {@code data} is that
     * subset and {@code predictions} its out-of-sample probabilities, sample for sample.
     */
    public record Result(int[] indices, Dataset data, Predictions predictions, String architecture, double seconds) {
    }

    public Result compute(Dataset split, long seed, PrintStream log) {
        long start = System.nanoTime();
        int[] indices = subsetIndices(split, seed);
        Dataset data = indices.length == split.size() ? split : split.subset(split.name() + " (subset)", indices);
        int k = split.numClasses();
        // as many folds as samples is leave-one-out (the article's advice for very small datasets)
        List<Folds.Fold> folds = this.folds >= data.size() ? Folds.leaveOneOut(data.size())
                : Folds.stratifiedKFold(data.labels(), k, this.folds, seed);
        float[] probabilities = new float[data.size() * k];
        int[] predicted = new int[data.size()];
        String architecture = probe.architectureFor(data);
        try (ProgressBar bar = ProgressBars.create("cross-validation (" + architecture + ", " + folds.size() + " folds"
                + (seeds > 1 ? " x " + seeds + " seeds" : "") + ")", (long) folds.size() * seeds, log)) {
            for (int f = 0; f < folds.size(); f++) {
                Folds.Fold fold = folds.get(f);
                Dataset train = data.subset(data.name() + "/fold-" + f + "-train", fold.train());
                Dataset heldOut = data.subset(data.name() + "/fold-" + f, fold.heldOut());
                for (int s = 0; s < seeds; s++) {
                    try (Network network = probe.train(train, seed + f + s * SEED_STRIDE)) {
                        Predictions p = Predictor.predict(network, heldOut);
                        for (int r = 0; r < fold.heldOut().length; r++) {
                            int i = fold.heldOut()[r];
                            for (int c = 0; c < k; c++) {
                                probabilities[i * k + c] += p.probability(r, c) / seeds;
                            }
                        }
                    }
                    bar.step();
                }
            }
        }
        for (int i = 0; i < predicted.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = probabilities[i * k + c] > probabilities[i * k + best] ? c : best;
            }
            predicted[i] = best;
        }
        Predictions predictions = new Predictions(data.name() + " (out-of-sample, " + folds.size() + "-fold)",
                data.labels(), predicted, probabilities, k);
        return new Result(indices, data, predictions, architecture, (System.nanoTime() - start) / 1e9);
    }

    private int[] subsetIndices(Dataset split, long seed) {
        if (maxSamples == 0 || maxSamples >= split.size()) {
            int[] all = new int[split.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        double fraction = (double) maxSamples / split.size();
        return StratifiedSplitter.partition(split.labels(), split.numClasses(), fraction, seed).first();
    }
}
