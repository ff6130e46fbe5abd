package dev.kintsugi.repair.localize;

import dev.kintsugi.repair.cache.ActivationCache;

/**
 * Per-weight fault-localisation scores of a linear layer {@code W [k x d]} from cached inputs, the
 * quantities Arachne ranks weights by:
 * <ul>
 *   <li>gradient loss: |∂L/∂w_cj| of the mean cross-entropy;</li>
 *   <li>forward impact: the mean of |a_j · w_cj|, the weight's contribution to neuron c's input.</li>
 * </ul>
 * Closed form for a linear layer on cached inputs: no engine calls.
 */
public final class WeightScores {
    private WeightScores() {
    }

    /** |mean gradient| of the cross-entropy w.r.t. each weight, row-major like {@code w}. */
    public static double[] gradientLoss(ActivationCache cache, float[] w, float[] b) {
        int k = b.length;
        int d = cache.width();
        double[] grad = new double[k * d];
        double[] z = new double[k];
        for (int i = 0; i < cache.size(); i++) {
            cache.linearLogits(i, w, b, null, z);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < k; c++) {
                double delta = z[c] / sum - (c == cache.label(i) ? 1 : 0);
                for (int j = 0; j < d; j++) {
                    grad[c * d + j] += delta * cache.value(i, j);
                }
            }
        }
        int n = Math.max(1, cache.size());
        for (int i = 0; i < grad.length; i++) {
            grad[i] = Math.abs(grad[i] / n);
        }
        return grad;
    }

    /** Mean |a_j · w_cj| over the cached samples, row-major like {@code w}. */
    public static double[] forwardImpact(ActivationCache cache, float[] w, int k) {
        int d = cache.width();
        double[] meanAbsInput = new double[d];
        for (int i = 0; i < cache.size(); i++) {
            for (int j = 0; j < d; j++) {
                meanAbsInput[j] += Math.abs(cache.value(i, j));
            }
        }
        double[] impact = new double[k * d];
        int n = Math.max(1, cache.size());
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                impact[c * d + j] = meanAbsInput[j] / n * Math.abs(w[c * d + j]);
            }
        }
        return impact;
    }

    /** Arachne's contrast: a score on the negatives divided by (1 + the same score on the positives). */
    public static double[] contrast(double[] onNegatives, double[] onPositives) {
        double[] out = new double[onNegatives.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = onNegatives[i] / (1 + onPositives[i]);
        }
        return out;
    }
}
