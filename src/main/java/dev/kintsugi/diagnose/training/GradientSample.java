package dev.kintsugi.diagnose.training;

/**
 * The weight gradients of one sampled batch, per layer that has a weight (in layer order).
 *
 * @param layers    indices of the layers with a weight
 * @param norms     L2 norm of each such layer's weight gradient
 * @param zeroShare share of exactly-zero entries in each weight gradient
 * @param meanAbs   mean |∇W| of each layer's weight
 * @param global    L2 norm over all trainable parameters' gradients
 */
public record GradientSample(int epoch, int step, int[] layers, double[] norms, double[] zeroShare, double[] meanAbs,
                             double global) {

    /** AUTOTRAINER's gra_rate: ‖∇W first‖ / ‖∇W last‖. */
    public double firstToLastRatio() {
        return norms.length < 2 ? Double.NaN : norms[0] / norms[norms.length - 1];
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
