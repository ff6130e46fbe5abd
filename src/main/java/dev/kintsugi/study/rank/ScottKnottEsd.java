package dev.kintsugi.study.rank;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scott-Knott ESD (Tantithamthavorn et al., TSE 2017/2018): rank groups that cannot overlap.
 * <ol>
 *   <li>Scott-Knott (Scott and Knott, Biometrics 1974, as R's {@code ScottKnott::SK}): sort the treatment means;
 *       in a block of k means, cut where the between-group sum of squares B0 of the means is largest;
 *       with s²ȳ = MSE / r (the one-way ANOVA's mean square error over every treatment, ν = N − t degrees of
 *       freedom, r the mean count per treatment), σ0² = (Σ(ȳi − ȳ)² + ν s²ȳ) / (k + ν) and
 *       λ = π / (2(π − 2)) · B0 / σ0²; split when λ exceeds the χ² quantile 1 − α with k / (π − 2) degrees of
 *       freedom, and recurse into both halves.</li>
 *   <li>ESD: walking from the best group down, merge a group into the one above when Cohen's d (pooled
 *       standard deviation) between their pooled observations is negligible, |d| &lt; 0.2.</li>
 * </ol>
 * Deviation: sk_esd's parametric version also log-transforms the observations first; here they are used as
 * measured (our metrics include negative changes, where a log is undefined). Cross-checked against an
 * independent numpy transcription, tools/rank_groups.py.
 */
public final class ScottKnottEsd {
    public static final double NEGLIGIBLE_D = 0.2;

    private ScottKnottEsd() {
    }

    /**
     * Rank groups of {@code samples} (treatment name to observations): 1 for the best group, then 2, ...
     *
     * @param higherIsBetter whether larger values rank first
     */
    public static Map<String, Integer> ranks(Map<String, double[]> samples, boolean higherIsBetter, double alpha) {
        List<String> names = new ArrayList<>();
        samples.forEach((k, v) -> {
            if (v.length > 0) {
                names.add(k);
            }
        });
        names.sort((a, b) -> {
            int c = Double.compare(mean(samples.get(a)), mean(samples.get(b)));
            return higherIsBetter ? -c : c;
        });
        Map<String, Integer> ranks = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return ranks;
        }
        double[] means = names.stream().mapToDouble(n -> mean(samples.get(n))).toArray();
        int total = 0;
        double sse = 0;
        for (String n : names) {
            double[] v = samples.get(n);
            double m = mean(v);
            total += v.length;
            for (double x : v) {
                sse += (x - m) * (x - m);
            }
        }
        int nu = total - names.size();
        double r = (double) total / names.size();
        double varMean = nu > 0 ? sse / nu / r : 0;
        List<int[]> groups = new ArrayList<>();
        split(means, 0, means.length, nu, varMean, alpha, groups);
        groups.sort((a, b) -> Integer.compare(a[0], b[0]));
        // ESD: merge adjacent groups whose difference is negligible.
        List<List<Integer>> merged = new ArrayList<>();
        for (int[] g : groups) {
            List<Integer> members = new ArrayList<>();
            for (int i = g[0]; i < g[1]; i++) {
                members.add(i);
            }
            if (!merged.isEmpty() && Math.abs(cohensD(pooled(merged.get(merged.size() - 1), names, samples),
                    pooled(members, names, samples))) < NEGLIGIBLE_D) {
                merged.get(merged.size() - 1).addAll(members);
            } else {
                merged.add(members);
            }
        }
        for (int g = 0; g < merged.size(); g++) {
            for (int i : merged.get(g)) {
                ranks.put(names.get(i), g + 1);
            }
        }
        return ranks;
    }

    /** Splits the sorted means [from, to) recursively; adds each final group as {from, to}. */
    private static void split(double[] means, int from, int to, int nu, double varMean, double alpha, List<int[]> out) {
        int k = to - from;
        if (k < 2) {
            out.add(new int[] {from, to});
            return;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += means[i];
        }
        double best = -1;
        int cut = -1;
        double left = 0;
        for (int c = from + 1; c < to; c++) {
            left += means[c - 1];
            int k1 = c - from;
            int k2 = to - c;
            double b0 = left * left / k1 + (sum - left) * (sum - left) / k2 - sum * sum / k;
            if (b0 > best) {
                best = b0;
                cut = c;
            }
        }
        double grand = sum / k;
        double ss = 0;
        for (int i = from; i < to; i++) {
            ss += (means[i] - grand) * (means[i] - grand);
        }
        double sigma2 = (ss + nu * varMean) / (k + nu);
        boolean significant;
        if (sigma2 <= 0) {
            significant = best > 0;
        } else {
            double lambda = Math.PI / (2 * (Math.PI - 2)) * best / sigma2;
            double critical = new ChiSquaredDistribution(k / (Math.PI - 2)).inverseCumulativeProbability(1 - alpha);
            significant = lambda > critical;
        }
        if (!significant) {
            out.add(new int[] {from, to});
            return;
        }
        split(means, from, cut, nu, varMean, alpha, out);
        split(means, cut, to, nu, varMean, alpha, out);
    }

    private static double[] pooled(List<Integer> members, List<String> names, Map<String, double[]> samples) {
        return members.stream().flatMapToDouble(i -> Arrays.stream(samples.get(names.get(i)))).toArray();
    }

    /** Cohen's d with the pooled standard deviation; infinite when the groups differ but neither varies. */
    static double cohensD(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double pooled = (sumSquares(a, ma) + sumSquares(b, mb)) / (a.length + b.length - 2);
        if (!(pooled > 0)) {
            return ma == mb ? 0 : Double.POSITIVE_INFINITY;
        }
        return (ma - mb) / Math.sqrt(pooled);
    }

    private static double sumSquares(double[] v, double m) {
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
