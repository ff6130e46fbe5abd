package dev.kintsugi.diagnose.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Corrections for testing many features at once, so that some feature "drifting" by chance is no alarm. */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    /** Benjamini-Hochberg adjusted p-values (q-values): controls the false discovery rate at the level compared with. */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] q = new double[m];
        double running = 1;
        for (int r = m - 1; r >= 0; r--) {
            running = Math.min(running, p[order[r]] * m / (r + 1));
            q[order[r]] = running;
        }
        return q;
    }

    /** Bonferroni adjusted p-values: controls the chance of any false alarm. */
    public static double[] bonferroni(double[] p) {
        return Arrays.stream(p).map(v -> Math.min(1, v * p.length)).toArray();
    }
}
