package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

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
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < split.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            if (predicted[i] != split.label(i)) {
                byClass.get(split.label(i)).add(i);
                all.add(i);
            }
        }
        if (all.size() < 2) {
            throw new KintsugiException("the model fails on only " + all.size() + " of " + split.size()
                    + " samples of " + split.name() + "; a debug set needs at least 2 failures");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> seedPart = new ArrayList<>();
        List<Integer> heldPart = new ArrayList<>();
        boolean extraToSeed = true;
        for (List<Integer> members : byClass) {
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            ClassIndices.shuffle(shuffled, random);
            int toSeed = shuffled.length / 2;
            if (shuffled.length % 2 == 1) {
                toSeed += extraToSeed ? 1 : 0;
                extraToSeed = !extraToSeed;
            }
            for (int j = 0; j < shuffled.length; j++) {
                (j < toSeed ? seedPart : heldPart).add(shuffled[j]);
            }
        }
        return new DebugSet(split, all.stream().mapToInt(Integer::intValue).toArray(), sorted(seedPart),
                sorted(heldPart), predicted.clone());
    }

    private static int[] sorted(List<Integer> values) {
        int[] a = values.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
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
