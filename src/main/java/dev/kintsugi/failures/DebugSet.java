package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Classifier;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Chegini &amp; Feizi's debug set: the model's failures on a held-back split (here the repair split), split
 * half/half, stratified by class, into <em>debug-seed</em> (used to find and fix failure modes) and
 * <em>debug-heldout</em> (used only to judge the fix). Within a class of n failures, debug-seed gets
 * ceil(n/2) or floor(n/2), alternating from class to class so the two halves stay the same size overall.
 *
 * @param source     the split the failures come from
 * @param failures   indices into {@code source} of every failure, ascending
 * @param seedIdx    indices into {@code source} of debug-seed
 * @param heldoutIdx indices into {@code source} of debug-heldout
 * @param predicted  the model's prediction for every sample of {@code source}
 */
public record DebugSet(Dataset source, int[] failures, int[] seedIdx, int[] heldoutIdx, int[] predicted) {

    /** Runs {@code model} over {@code split} and splits its failures with {@code seed}. */
    public static DebugSet find(Classifier model, Dataset split, long seed) {
        Predictions p = Predictor.predict(model, split);
        return of(split, p.predictedClasses(), seed);
    }

    /** The debug set of a split given the model's predictions on it. */
    public static DebugSet of(Dataset split, int[] predicted, long seed) {
        if (predicted.length != split.size()) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + split.size() + " samples");
        }
        int[] all = IntStream.range(0, split.size()).filter(i -> predicted[i] != split.label(i)).toArray();
        if (all.length < 2) {
            throw new KintsugiException("the model fails on only " + all.length + " of " + split.size()
                    + " samples of " + split.name() + "; a debug set needs at least 2 failures");
        }
        int[] failureLabels = Arrays.stream(all).map(split::label).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        IntStream.Builder seedPart = IntStream.builder();
        IntStream.Builder heldPart = IntStream.builder();
        boolean extraToSeed = true;
        for (int[] positions : ClassIndices.byClass(failureLabels, split.numClasses())) {
            ClassIndices.shuffle(positions, random);
            int toSeed = positions.length / 2;
            if (positions.length % 2 == 1) {
                toSeed += extraToSeed ? 1 : 0;
                extraToSeed = !extraToSeed;
            }
            for (int j = 0; j < positions.length; j++) {
                (j < toSeed ? seedPart : heldPart).add(all[positions[j]]);
            }
        }
        return new DebugSet(split, all, seedPart.build().sorted().toArray(), heldPart.build().sorted().toArray(),
                predicted.clone());
    }

    /** The debug-seed images. */
    public Dataset seedSet() {
        return source.subset(source.name() + "/debug-seed", seedIdx);
    }

    /** The debug-heldout images. */
    public Dataset heldoutSet() {
        return source.subset(source.name() + "/debug-heldout", heldoutIdx);
    }

    /** Failures of each class (all of them, both halves). */
    public int[] failuresPerClass() {
        int[] counts = new int[source.numClasses()];
        for (int i : failures) {
            counts[source.label(i)]++;
        }
        return counts;
    }

    /** The accuracy the model had on {@code source}: failures are what it got wrong. */
    public double sourceAccuracy() {
        return 1.0 - (double) failures.length / source.size();
    }
}
