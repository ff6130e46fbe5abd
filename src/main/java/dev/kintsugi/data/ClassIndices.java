package dev.kintsugi.data;

import java.util.SplittableRandom;

/** Sample indices grouped by class, and the seeded shuffle every stratified step uses. */
public final class ClassIndices {
    private ClassIndices() {
    }

    /** {@code result[c]} holds the indices of the samples labelled {@code c}, in ascending order. */
    public static int[][] byClass(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        return byClass;
    }

    /** Fisher–Yates shuffle in place; the same random state gives the same order. */
    public static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
