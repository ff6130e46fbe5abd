package dev.kintsugi.repair.localize;

import java.util.ArrayList;
import java.util.List;

/** Non-dominated selection over two scores, both to be maximised. */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * Indices among {@code candidates} that no other candidate beats on both {@code a} and {@code b}
     * (at least as good on both and better on one), in the order given. Of several candidates with equal
     * scores on both, only the first is kept, as Arachne's {@code is_efficient} loop in
     * {@code localise_by_chgd_unchgd} does.
     */
    public static int[] of(int[] candidates, double[] a, double[] b) {
        List<Integer> front = new ArrayList<>();
        for (int pi = 0; pi < candidates.length; pi++) {
            int i = candidates[pi];
            boolean dominated = false;
            for (int pj = 0; pj < candidates.length; pj++) {
                int j = candidates[pj];
                boolean better = a[j] > a[i] || b[j] > b[i];
                boolean same = a[j] == a[i] && b[j] == b[i];
                if (pj != pi && a[j] >= a[i] && b[j] >= b[i] && (better || (same && pj < pi))) {
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
