package dev.kintsugi.failures;

import java.util.Arrays;
import java.util.List;

/**
 * How similar models' failures are: the intersection over union of their failure sets on the same data, the
 * paper's Figure 4. Two models that fail nowhere count as identical (IoU 1).
 */
public final class FailureOverlap {
    private FailureOverlap() {
    }

    /** IoU of two failure sets given as sorted, distinct sample indices. */
    public static double iou(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - both;
        return union == 0 ? 1.0 : (double) both / union;
    }

    /** The symmetric matrix of pairwise IoU, with 1 on the diagonal. */
    public static double[][] matrix(List<int[]> failureSets) {
        int n = failureSets.size();
        int[][] sorted = failureSets.stream().map(s -> Arrays.stream(s).sorted().distinct().toArray())
                .toArray(int[][]::new);
        double[][] m = new double[n][n];
        for (int r = 0; r < n; r++) {
            m[r][r] = 1.0;
            for (int c = r + 1; c < n; c++) {
                m[r][c] = iou(sorted[r], sorted[c]);
                m[c][r] = m[r][c];
            }
        }
        return m;
    }

    /** Mean IoU over distinct pairs where {@code sameFamily} says whether the pair shares a family. */
    public static double meanOver(double[][] m, List<String> families, boolean sameFamily) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < m.length; r++) {
            for (int c = r + 1; c < m.length; c++) {
                if (families.get(r).equals(families.get(c)) == sameFamily) {
                    sum += m[r][c];
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
