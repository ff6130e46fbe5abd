package dev.kintsugi.diagnose.data;

import java.util.Arrays;

/**
 * Population stability index of one feature: the reference's quantiles cut the line into bins (deciles by
 * default; repeated cut points, from ties, are merged), and {@code PSI = Σ (q - p) ln(q / p)} over the bins,
 * {@code p} the reference's share and {@code q} the current data's share. A share of 0 is taken as
 * {@link #FLOOR} so an empty bin gives a large but finite value. The usual reading: below 0.1 no shift,
 * 0.1 to 0.25 a moderate shift, above 0.25 a major one.
 */
public final class PopulationStabilityIndex {
    public static final int DEFAULT_BINS = 10;
    public static final double MODERATE = 0.1;
    public static final double MAJOR = 0.25;
    static final double FLOOR = 1e-4;

    private PopulationStabilityIndex() {
    }

    public static double of(double[] reference, double[] current, int bins) {
        double[] edges = cutPoints(reference, bins);
        double[] p = shares(reference, edges);
        double[] q = shares(current, edges);
        double psi = 0;
        for (int b = 0; b < p.length; b++) {
            double pb = Math.max(p[b], FLOOR);
            double qb = Math.max(q[b], FLOOR);
            psi += (qb - pb) * Math.log(qb / pb);
        }
        return psi;
    }

    /** Distinct inner cut points at the reference's {@code 1/bins .. (bins-1)/bins} quantiles (lower empirical quantile). */
    static double[] cutPoints(double[] reference, int bins) {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double[] cuts = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            int rank = (int) Math.ceil(k * sorted.length / (double) bins) - 1;
            cuts[k - 1] = sorted[Math.max(0, rank)];
        }
        return Arrays.stream(cuts).distinct().toArray();
    }

    /** Share of values in each bin: (-inf, c1], (c1, c2], ..., (c_last, inf). */
    static double[] shares(double[] values, double[] cuts) {
        double[] counts = new double[cuts.length + 1];
        for (double v : values) {
            int bin = Arrays.binarySearch(cuts, v);
            counts[bin >= 0 ? bin : -bin - 1]++;
        }
        for (int b = 0; b < counts.length; b++) {
            counts[b] /= values.length;
        }
        return counts;
    }
}
