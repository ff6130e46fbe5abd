package dev.kintsugi.repair.cluster;

/**
 * HUDD's weighted intra-cluster distance: the mean over the k clusters of (cluster size / n) × the mean
 * pairwise distance inside the cluster; singletons contribute zero but still count in k
 * ({@code getAvgLayer_WICD} in the toolset's clusterModule).
 */
public final class Wicd {
    private Wicd() {
    }

    public static double of(double[][] distances, int[] labels, int k) {
        int n = labels.length;
        double[] sum = new double[k];
        int[] size = new int[k];
        for (int i = 0; i < n; i++) {
            size[labels[i]]++;
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    sum[labels[i]] += distances[i][j];
                }
            }
        }
        double total = 0;
        for (int c = 0; c < k; c++) {
            if (size[c] > 1) {
                double pairs = size[c] * (size[c] - 1) / 2.0;
                total += sum[c] / pairs * size[c] / n;
            }
        }
        return total / k;
    }
}
