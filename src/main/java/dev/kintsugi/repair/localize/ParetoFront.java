package dev.kintsugi.repair.localize;

import java.util.ArrayList;
import java.util.List;

/** Non-dominated selection over two scores, both to be maximised. */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * Indices among {@code candidates} that no other candidate beats on both {@code a} and {@code b}
     * (at least as good on both and better on one), in the order given.
     */
    public static int[] of(int[] candidates, double[] a, double[] b) {
        List<Integer> front = new ArrayList<>();
        for (int i : candidates) {
            boolean dominated = false;
            for (int j : candidates) {
                if (j != i && a[j] >= a[i] && b[j] >= b[i] && (a[j] > a[i] || b[j] > b[i])) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(i);
            }
        }
        return front.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The {@code n} indices with the largest {@code score}, best first (ties by index). */
    public static int[] top(double[] score, int n) {
        return java.util.stream.IntStream.range(0, score.length).boxed()
                .sorted((x, y) -> score[y] != score[x] ? Double.compare(score[y], score[x]) : Integer.compare(x, y))
                .limit(n).mapToInt(Integer::intValue).toArray();
    }
}
