package dev.kintsugi.diagnose.training;

/**
 * The weight gradients of one sampled batch, per layer that has a weight (in layer order).
 *
 * @param layers    indices of the layers with a weight
 * @param norms     L2 norm of each such layer's weight gradient
 * @param zeroShare share of exactly-zero entries in each weight gradient
 * @param meanAbs   mean |∇W| of each layer's weight
 * @param sizes     number of entries of each weight
 * @param global    L2 norm over all trainable parameters' gradients
 */
public record GradientSample(int epoch, int step, int[] layers, double[] norms, double[] zeroShare, double[] meanAbs,
                             long[] sizes, double global) {

    /** Root-mean-square gradient entry of weight {@code i}: its norm without the layer's size folded in. */
    public double rms(int i) {
        return norms[i] / Math.sqrt(sizes[i]);
    }

    /**
     * The first-to-last ratio of per-entry RMS gradients. AUTOTRAINER's ratio of norms grows with the first
     * layer's size (784×64 entries against 64×10 gives a 9× larger norm at equal per-weight gradients), so a
     * wide input layer hides vanishing gradients and fakes exploding ones.
     */
    public double firstToLastRmsRatio() {
        return norms.length < 2 ? Double.NaN : rms(0) / rms(norms.length - 1);
    }

    public boolean finite() {
        if (!Double.isFinite(global)) {
            return false;
        }
        for (double n : norms) {
            if (!Double.isFinite(n)) {
                return false;
            }
        }
        return true;
    }
}
