package dev.kintsugi.repair.localize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * NeuRecover's fault localisation over a training history (Tokui et al., SANER 2022), step for step as
 * jst-qaml/eAI-Repair-Toolkit's {@code NeuRecover.localize} computes it from the per-array scores. The
 * "layers" of the original are the model's parameter arrays in order ({@code model.get_weights()}: each
 * kernel, bias and batch-norm statistic is one), and for each array l:
 * <ul>
 *   <li>weight diff: |W_n − W_{n−1}| per value; diffNorm_l = mean|ΔW_l| / Σ_l' mean|ΔW_l'|
 *       ({@code _calc_weight_diff});</li>
 *   <li>gradient: |∂(Σ model outputs)/∂w| on the regressed inputs (deg) and on the improved ones (imp), at
 *       epoch n ({@code _calc_weight_deg_and_imp});</li>
 *   <li>forward impact, for dense kernels only: mean_i |o_i·w_ij| on deg and on imp; fiNorm_l = mean|FI_l| /
 *       Σ_l' mean|FI_l'|, 0 for every other array ({@code _calc_weight_by_fwd});</li>
 *   <li>suspiciousness_l = fiDegNorm_l / (fiDegNorm_l + fiImpNorm_l) · diffNorm_l when fiDegNorm_l ≠ 0, else 0;
 *       k_l = round-half-even(|W_l| · suspiciousness_l · reductionRate);</li>
 *   <li>selected_l = (top_k FI_deg ∩ top_k grad_deg) ∩ top_k diff − (top_k FI_imp ∩ top_k grad_imp).</li>
 * </ul>
 * So only dense kernels are ever selected (every other array has suspiciousness 0), as in the original.
 * Differences, each at an edge the original does not handle: with no improved input the original's
 * imp-normalisation is 0/0 (NaN) and every k_l becomes garbage; here fiImpNorm is 0 and the imp sets are
 * empty. Rankings sort by descending score with ties broken towards the larger flat index (numpy's
 * flipped argsort, whose order among ties is not defined); flat indices are row-major in DJL's
 * [out, in] layout, not Keras's [in, out], which only matters among ties.
 */
public final class RegressionLocalisation {
    /**
     * The scores of one parameter array, all row-major like the array.
     *
     * @param diff  |W_n − W_{n−1}|
     * @param gradDeg |∂Σ outputs/∂w| on the regressed inputs ({@code null} when the array has no gradient)
     * @param gradImp the same on the improved inputs ({@code null} when none)
     * @param fiDeg forward impact on the regressed inputs, {@code null} unless a dense kernel
     * @param fiImp forward impact on the improved inputs, {@code null} unless a dense kernel with improved inputs
     */
    public record ArrayScores(double[] diff, double[] gradDeg, double[] gradImp, double[] fiDeg, double[] fiImp) {
    }

    /** What was chosen in one array: its suspiciousness, its k, and the selected flat indices, ascending. */
    public record Selection(double suspiciousness, int k, int[] selected) {
    }

    private RegressionLocalisation() {
    }

    /** The selections, and the reduction rate that gave them. */
    public record Widened(double reductionRate, List<Selection> selections) {
        public int selectedCount() {
            return selections.stream().mapToInt(s -> s.selected().length).sum();
        }
    }

    /**
     * {@link #select} at {@code reductionRate}, then, while nothing is selected, at twice the rate, up to
     * {@code maxReductionRate}. The four top-k sets of an array overlap in roughly k³/|W|² weights when their
     * rankings are unrelated, so at the original's rate (k about 5% of a LeNet-5 kernel) the intersection is
     * often empty; the original then searches an empty patch and returns the model unchanged.
     */
    public static Widened selectWidening(List<ArrayScores> arrays, double reductionRate, double maxReductionRate) {
        double rate = reductionRate;
        Widened w = new Widened(rate, select(arrays, rate));
        while (w.selectedCount() == 0 && rate * 2 <= maxReductionRate) {
            rate *= 2;
            w = new Widened(rate, select(arrays, rate));
        }
        return w;
    }

    /** Localises over all arrays of a model, in order; {@code reductionRate} is 1.0 in the original. */
    public static List<Selection> select(List<ArrayScores> arrays, double reductionRate) {
        int n = arrays.size();
        double[] diffMean = new double[n];
        double[] fiDegMean = new double[n];
        double[] fiImpMean = new double[n];
        for (int l = 0; l < n; l++) {
            ArrayScores a = arrays.get(l);
            diffMean[l] = meanAbs(a.diff());
            fiDegMean[l] = a.fiDeg() == null ? 0 : meanAbs(a.fiDeg());
            fiImpMean[l] = a.fiImp() == null ? 0 : meanAbs(a.fiImp());
        }
        double[] diffNorm = normalise(diffMean);
        double[] fiDegNorm = normalise(fiDegMean);
        double[] fiImpNorm = normalise(fiImpMean);
        List<Selection> out = new ArrayList<>(n);
        for (int l = 0; l < n; l++) {
            ArrayScores a = arrays.get(l);
            double susp = fiDegNorm[l] != 0 ? fiDegNorm[l] / (fiDegNorm[l] + fiImpNorm[l]) * diffNorm[l] : 0;
            int k = (int) Math.rint(a.diff().length * susp * reductionRate);
            Set<Integer> diffTop = top(a.diff(), k);
            Set<Integer> deg = top(a.fiDeg(), k);
            deg.retainAll(top(a.gradDeg(), k));
            Set<Integer> imp = top(a.fiImp(), k);
            imp.retainAll(top(a.gradImp(), k));
            deg.retainAll(diffTop);
            deg.removeAll(imp);
            out.add(new Selection(susp, k, deg.stream().mapToInt(Integer::intValue).sorted().toArray()));
        }
        return out;
    }

    /**
     * The first {@code k} flat indices of {@code scores} by descending |score|, ties towards the larger index;
     * empty for a {@code null} (absent) score.
     */
    public static Set<Integer> top(double[] scores, int k) {
        Set<Integer> out = new LinkedHashSet<>();
        if (scores == null || k <= 0) {
            return out;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> {
            int c = Double.compare(Math.abs(scores[q]), Math.abs(scores[p]));
            return c != 0 ? c : Integer.compare(q, p);
        });
        for (int i = 0; i < Math.min(k, order.length); i++) {
            out.add(order[i]);
        }
        return new HashSet<>(out);
    }

    /** |a − b| per value. */
    public static double[] absDiff(float[] now, float[] before) {
        double[] d = new double[now.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs((double) now[i] - before[i]);
        }
        return d;
    }

    private static double meanAbs(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s / v.length;
    }

    /** v / Σv; all zeros when the sum is 0 (where numpy gives NaN: see the class comment). */
    private static double[] normalise(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = sum == 0 ? 0 : v[i] / sum;
        }
        return out;
    }
}
