package dev.kintsugi.repair.localize;

import dev.kintsugi.repair.cache.ActivationCache;

/**
 * Per-weight fault-localisation scores of a linear layer {@code W [k x d]} from cached inputs, the
 * quantities Arachne ranks weights by:
 * <ul>
 *   <li>gradient loss: {@link #gradientLossSum} is Arachne's {@code compute_gradient_to_loss}, |Σ_i ∂L_i/∂w_cj|
 *       of the per-sample cross-entropies (TensorFlow's {@code tf.gradients} sums over the batch);
 *       {@link #gradientLoss} is the same over the mean, kept for approaches that rank by it;</li>
 *   <li>forward impact: {@link #arachneForwardImpact} is Arachne's {@code compute_FI_and_GL} for a dense
 *       layer: |a_ij · w_cj| L1-normalised over j for each sample and output neuron c, averaged over the
 *       samples, times the L1-normalised gradient of the model output with respect to neuron c;
 *       {@link #forwardImpact} is the plain mean |a_j · w_cj|.</li>
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

    /**
     * |Σ_i ∂L_i/∂w_cj| of the per-sample softmax cross-entropies of the linear layer's logits, row-major
     * like {@code w}: Arachne's {@code compute_gradient_to_loss}, which takes the gradient of the batch's
     * loss vector (summed by {@code tf.gradients}) and its absolute value.
     */
    public static double[] gradientLossSum(ActivationCache cache, float[] w, float[] b) {
        double[] grad = gradientLoss(cache, w, b);
        int n = Math.max(1, cache.size());
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= n;
        }
        return grad;
    }

    /**
     * Arachne's forward impact of each weight of a dense layer, row-major like {@code w [k x d]}:
     * FI_cj = mean_i(|a_ij·w_cj| / Σ_j' |a_ij'·w_cj'|) · fromBehind_c. A sample whose row sums to zero
     * contributes zeros (scikit-learn's {@code Normalizer} leaves zero rows alone). {@code fromBehind} is
     * the mean L1-normalised |∂output/∂z_c| ({@code compute_gradient_to_output}); for the output layer of a
     * Keras model whose last Dense carries the softmax, the layer's output is the model's output, the
     * gradient is all ones and fromBehind is 1/k for every c.
     */
    public static double[] arachneForwardImpact(ActivationCache cache, float[] w, double[] fromBehind) {
        int k = fromBehind.length;
        int d = cache.width();
        double[] impact = new double[k * d];
        for (int i = 0; i < cache.size(); i++) {
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += Math.abs(cache.value(i, j) * w[c * d + j]);
                }
                if (sum == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    impact[c * d + j] += Math.abs(cache.value(i, j) * w[c * d + j]) / sum;
                }
            }
        }
        int n = Math.max(1, cache.size());
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                impact[c * d + j] = impact[c * d + j] / n * fromBehind[c];
            }
        }
        return impact;
    }

    /** fromBehind for an output layer whose output is the model's output: 1/k for each of the k neurons. */
    public static double[] uniformFromBehind(int k) {
        double[] out = new double[k];
        java.util.Arrays.fill(out, 1.0 / k);
        return out;
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
