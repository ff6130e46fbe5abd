package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cross-validation folds for small datasets (the article's advice: k-fold for medium datasets,
 * leave-one-out for very small ones). Stratified k-fold shuffles each class's indices (seeded) and deals
 * them to the folds in turn, continuing the turn from one class to the next, so every fold holds each
 * class in nearly the dataset's proportion and fold sizes differ by at most one.
 */
public final class Folds {
    private Folds() {
    }

    /** One fold: the indices to train on and the held-out indices to predict, both ascending. */
    public record Fold(int[] train, int[] heldOut) {
    }

    public static List<Fold> stratifiedKFold(int[] labels, int numClasses, int k, long seed) {
        if (k < 2) {
            throw new KintsugiException("cross-validation needs at least 2 folds, got " + k);
        }
        if (k > labels.length) {
            throw new KintsugiException(k + " folds need at least " + k + " samples, got " + labels.length);
        }
        int[] foldOf = new int[labels.length];
        SplittableRandom random = new SplittableRandom(seed);
        int turn = 0;
        for (int[] members : ClassIndices.byClass(labels, numClasses)) {
            ClassIndices.shuffle(members, random);
            for (int member : members) {
                foldOf[member] = turn;
                turn = (turn + 1) % k;
            }
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            folds.add(fold(foldOf, f));
        }
        return folds;
    }

    /** n folds, each holding out one sample. */
    public static List<Fold> leaveOneOut(int n) {
        if (n < 2) {
            throw new KintsugiException("leave-one-out needs at least 2 samples, got " + n);
        }
        int[] foldOf = new int[n];
        Arrays.setAll(foldOf, i -> i);
        List<Fold> folds = new ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            folds.add(fold(foldOf, f));
        }
        return folds;
    }

    private static Fold fold(int[] foldOf, int f) {
        int held = 0;
        for (int v : foldOf) {
            held += v == f ? 1 : 0;
        }
        int[] heldOut = new int[held];
        int[] train = new int[foldOf.length - held];
        for (int i = 0, a = 0, b = 0; i < foldOf.length; i++) {
            if (foldOf[i] == f) {
                heldOut[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Fold(train, heldOut);
    }
}
