package dev.kintsugi.repair.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Hierarchical agglomerative clustering with Ward linkage on Euclidean distances, via the Lance–Williams
 * update (the merge heights equal scipy's {@code linkage(method="ward")}). Naive O(n³) search: HUDD
 * clusters at most a few hundred failures, where this takes milliseconds, so no clustering library (and
 * its dependency weight) is needed.
 */
public final class WardLinkage {
    /** One merge: clusters {@code a} and {@code b} (by their first member) joined at {@code height}. */
    public record Merge(int a, int b, double height) {
    }

    private final int size;
    private final List<Merge> merges;

    private WardLinkage(int size, List<Merge> merges) {
        this.size = size;
        this.merges = List.copyOf(merges);
    }

    public static WardLinkage of(double[][] distances) {
        int n = distances.length;
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) {
            d[i] = distances[i].clone();
        }
        int[] count = new int[n];
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(count, 1);
        java.util.Arrays.fill(alive, true);
        List<Merge> merges = new ArrayList<>();
        for (int step = 0; step < n - 1; step++) {
            int bi = -1;
            int bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!alive[i]) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (alive[j] && d[i][j] < best) {
                        best = d[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            merges.add(new Merge(bi, bj, best));
            for (int k = 0; k < n; k++) {
                if (alive[k] && k != bi && k != bj) {
                    double t = count[bi] + count[bj] + count[k];
                    double sq = ((count[bi] + count[k]) * d[bi][k] * d[bi][k]
                            + (count[bj] + count[k]) * d[bj][k] * d[bj][k] - count[k] * best * best) / t;
                    d[bi][k] = d[k][bi] = Math.sqrt(Math.max(sq, 0));
                }
            }
            count[bi] += count[bj];
            alive[bj] = false;
        }
        return new WardLinkage(n, merges);
    }

    public List<Merge> merges() {
        return merges;
    }

    /** Cluster labels 0..k-1 when the tree is cut into {@code k} clusters (the last k-1 merges undone). */
    public int[] labels(int k) {
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("cannot cut " + size + " points into " + k + " clusters");
        }
        int[] root = new int[size];
        for (int i = 0; i < size; i++) {
            root[i] = i;
        }
        for (Merge m : merges.subList(0, size - k)) {
            int from = find(root, m.b());
            root[from] = find(root, m.a());
        }
        int[] labels = new int[size];
        int[] labelOfRoot = new int[size];
        java.util.Arrays.fill(labelOfRoot, -1);
        int next = 0;
        for (int i = 0; i < size; i++) {
            int r = find(root, i);
            if (labelOfRoot[r] < 0) {
                labelOfRoot[r] = next++;
            }
            labels[i] = labelOfRoot[r];
        }
        return labels;
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }
}
