package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.ClassIndices;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Kernel two-sample test (Gretton et al. 2012): the unbiased estimate of MMD² with a Gaussian (RBF) kernel
 * {@code k(a, b) = exp(-||a - b||² / (2 σ²))}, σ set by the median heuristic (the median distance between
 * all pooled points), and a permutation p-value {@code (1 + #{permuted MMD² >= observed}) / (1 + P)} over
 * {@code P} random relabellings of the pooled sample (seeded).
 */
public final class MaximumMeanDiscrepancy {
    private MaximumMeanDiscrepancy() {
    }

    /** Rows of {@code x} and {@code y} (row-major, {@code dim} columns) as the two samples. */
    public static TwoSampleResult test(float[] x, float[] y, int dim, int permutations, long seed) {
        int m = x.length / dim;
        int n = y.length / dim;
        if (m < 2 || n < 2) {
            throw new dev.kintsugi.KintsugiException("MMD needs at least 2 samples on each side, got " + m + " and " + n);
        }
        int total = m + n;
        float[] z = Arrays.copyOf(x, total * dim);
        System.arraycopy(y, 0, z, m * dim, y.length);
        double[] d2 = squaredDistances(z, total, dim);
        double sigma2 = median(d2, total);
        if (sigma2 <= 0) {
            sigma2 = 1;
        }
        double[] k = new double[d2.length];
        for (int i = 0; i < d2.length; i++) {
            k[i] = Math.exp(-d2[i] / (2 * sigma2));
        }
        boolean[] inX = new boolean[total];
        Arrays.fill(inX, 0, m, true);
        double observed = statistic(k, total, inX, m, n);
        SplittableRandom random = new SplittableRandom(seed);
        int atLeast = 0;
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        for (int p = 0; p < permutations; p++) {
            ClassIndices.shuffle(order, random);
            boolean[] permuted = new boolean[total];
            for (int i = 0; i < m; i++) {
                permuted[order[i]] = true;
            }
            if (statistic(k, total, permuted, m, n) >= observed) {
                atLeast++;
            }
        }
        double pValue = (1.0 + atLeast) / (1.0 + permutations);
        return new TwoSampleResult("mmd", observed, pValue, Map.of("bandwidth", Math.sqrt(sigma2),
                "permutations", permutations, "referenceSamples", m, "newSamples", n));
    }

    /** Unbiased MMD²: mean k within x (i ≠ j) + mean k within y (i ≠ j) - 2 mean k across. */
    static double statistic(double[] k, int total, boolean[] inX, int m, int n) {
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < total; i++) {
            int row = i * total;
            for (int j = i + 1; j < total; j++) {
                double v = k[row + j];
                if (inX[i] == inX[j]) {
                    if (inX[i]) {
                        xx += v;
                    } else {
                        yy += v;
                    }
                } else {
                    xy += v;
                }
            }
        }
        return 2 * xx / (m * (double) (m - 1)) + 2 * yy / (n * (double) (n - 1)) - 2 * xy / (m * (double) n);
    }

    private static double[] squaredDistances(float[] z, int total, int dim) {
        double[] d2 = new double[total * total];
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                double s = 0;
                for (int c = 0; c < dim; c++) {
                    double d = z[i * dim + c] - z[j * dim + c];
                    s += d * d;
                }
                d2[i * total + j] = s;
                d2[j * total + i] = s;
            }
        }
        return d2;
    }

    /** Median over pairs i < j. */
    private static double median(double[] d2, int total) {
        double[] upper = new double[total * (total - 1) / 2];
        int at = 0;
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                upper[at++] = d2[i * total + j];
            }
        }
        Arrays.sort(upper);
        int mid = upper.length / 2;
        return upper.length % 2 == 1 ? upper[mid] : (upper[mid - 1] + upper[mid]) / 2;
    }
}
