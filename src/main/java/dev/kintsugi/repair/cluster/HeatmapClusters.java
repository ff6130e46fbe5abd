package dev.kintsugi.repair.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * HUDD's root-cause clusters of one layer's heatmaps: Ward clustering of their Euclidean distances, cut
 * at each k = 2..maxK, with k chosen as {@code clusterModule.run} does ({@code doClustering(..., "KG")}):
 * at the knee of {@code gradientO4(WICD curve, 4)} found by {@code KneeLocator(curve='concave',
 * direction='increasing')} ({@link Knee#GRADIENT}, the default). {@link Knee#RAW} is the toolset's unused
 * "KR" alternative, the convex decreasing knee of the WICD curve itself. When Kneedle finds no knee (kneed
 * returns None, where the toolset would fail) the k with the lowest WICD is taken instead. Fewer than
 * three heatmaps form a single cluster.
 *
 * @param heatmaps the clustered heatmaps (flattened), in input order
 * @param labels   cluster of each heatmap, 0..k-1
 * @param k        number of clusters
 * @param wicd     WICD of the chosen cut, the layer-selection score (lower is better)
 * @param wicdByK  the WICD curve, index 0 for k = 2
 */
public record HeatmapClusters(float[][] heatmaps, int[] labels, int k, double wicd, double[] wicdByK) {

    /** How the number of clusters is chosen from the WICD curve. */
    public enum Knee {
        /** HUDD's "KG": the concave increasing knee of the curve's gradientO4 (what the toolset runs). */
        GRADIENT,
        /** HUDD's "KR": the convex decreasing knee of the raw curve. */
        RAW
    }

    public static HeatmapClusters of(float[][] heatmaps, int maxK) {
        return of(heatmaps, maxK, Knee.GRADIENT);
    }

    /** The k chosen on a WICD curve ({@code wicd[0]} for k = 2), as an index into the curve. */
    public static int chooseIndex(double[] wicd, Knee knee) {
        double[] ks = new double[wicd.length];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = i + 2;
        }
        OptionalInt found = OptionalInt.empty();
        if (wicd.length >= 3) {
            found = knee == Knee.GRADIENT ? Kneedle.concaveIncreasing(ks, Gradients.gradientO4(wicd, 4))
                    : Kneedle.convexDecreasing(ks, wicd);
        }
        return found.isPresent() ? found.getAsInt() : argMin(wicd);
    }

    public static HeatmapClusters of(float[][] heatmaps, int maxK, Knee knee) {
        int n = heatmaps.length;
        double[][] d = PairwiseDistances.euclidean(heatmaps);
        int top = Math.min(n - 1, maxK);
        if (top < 2) {
            int[] one = new int[n];
            return new HeatmapClusters(heatmaps, one, 1, Wicd.of(d, one, 1), new double[0]);
        }
        WardLinkage tree = WardLinkage.of(d);
        double[] wicd = new double[top - 1];
        for (int k = 2; k <= top; k++) {
            wicd[k - 2] = Wicd.of(d, tree.labels(k), k);
        }
        int chosen = chooseIndex(wicd, knee);
        int k = chosen + 2;
        return new HeatmapClusters(heatmaps, tree.labels(k), k, wicd[chosen], wicd);
    }

    private static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Indices of the heatmaps in cluster {@code c}, ascending. */
    public int[] members(int c) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public int[] sizes() {
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /**
     * The cluster a new heatmap belongs to, or -1: the cluster of its nearest member (single linkage),
     * if the heatmap also lies within that cluster's radius, the largest member-to-centroid distance.
     */
    public int assign(float[] heatmap) {
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < heatmaps.length; i++) {
            double dist = PairwiseDistances.between(heatmap, heatmaps[i]);
            if (dist < best) {
                best = dist;
                nearest = i;
            }
        }
        int c = labels[nearest];
        float[] centroid = centroid(c);
        double radius = 0;
        for (int m : members(c)) {
            radius = Math.max(radius, PairwiseDistances.between(heatmaps[m], centroid));
        }
        return PairwiseDistances.between(heatmap, centroid) <= radius ? c : -1;
    }

    private float[] centroid(int c) {
        int[] members = members(c);
        float[] centroid = new float[heatmaps[members[0]].length];
        for (int m : members) {
            for (int j = 0; j < centroid.length; j++) {
                centroid[j] += heatmaps[m][j] / members.length;
            }
        }
        return centroid;
    }
}
