package dev.kintsugi.repair.cluster;

/** Euclidean distances between points, as a full symmetric matrix. */
public final class PairwiseDistances {
    private PairwiseDistances() {
    }

    public static double[][] euclidean(float[][] points) {
        int n = points.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = between(points[i], points[j]);
            }
        }
        return d;
    }

    public static double between(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}
