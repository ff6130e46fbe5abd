package dev.kintsugi.repair.bounds;

/**
 * CROWN (Zhang et al., NeurIPS 2018; auto_LiRPA's {@code method="backward"}): linear lower bounds of C·f(x) over
 * an input box for a {@link DenseTail} f, by propagating C backwards through the affine steps and through a
 * linear relaxation of every activation. Pre-activation bounds of each activation come from the same
 * backward pass run from that layer (identity specification), as auto_LiRPA does for CROWN.
 *
 * <p>Relaxation of an unstable neuron (l &lt; 0 &lt; u) of max(z, 0) + s·min(z, 0): the chord from (l, s·l) to
 * (u, u) above; below, the line through the origin with slope 1 when u &gt; −l and s otherwise (auto_LiRPA's
 * default "adaptive" lower slope; s = 0 for ReLU). Stable neurons are exact. Shared by VeRe's repair
 * significance; 3M and REASSURE can bound the same tails with it.
 */
public final class Crown {
    private Crown() {
    }

    /**
     * C·f(x) ≥ a·x + bias for every x in the box, one row per row of C.
     */
    public record LinearBound(double[][] a, double[] bias) {
        /** The bound's value at x for row r. */
        public double at(int r, double[] x) {
            double s = bias[r];
            for (int j = 0; j < x.length; j++) {
                s += a[r][j] * x[j];
            }
            return s;
        }

        /** Its minimum over the box for row r: the certified lower bound. */
        public double minimum(int r, double[] lo, double[] hi) {
            double s = bias[r];
            for (int j = 0; j < lo.length; j++) {
                s += Math.min(a[r][j] * lo[j], a[r][j] * hi[j]);
            }
            return s;
        }
    }

    /** The linear lower bound of C·f(x) over [lo, hi]; C is {@code [rows][outputs]}. */
    public static LinearBound lower(DenseTail tail, double[][] c, double[] lo, double[] hi) {
        double[][][] bounds = preActivationBounds(tail, lo, hi);
        return backward(tail, tail.steps().size(), c, bounds, lo, hi);
    }

    /**
     * Lower and upper bounds of the input of every activation step, {@code [step][0 = lower, 1 = upper][neuron]}
     * (null for affine steps), each from a backward pass started at that step.
     */
    public static double[][][] preActivationBounds(DenseTail tail, double[] lo, double[] hi) {
        int n = tail.steps().size();
        double[][][] bounds = new double[n][][];
        int width = tail.inputs();
        for (int s = 0; s < n; s++) {
            DenseTail.Step step = tail.steps().get(s);
            if (step instanceof DenseTail.Affine a) {
                width = a.outputs();
                continue;
            }
            if (s == 1) {
                // right after the first affine step the backward pass with the identity is plain interval
                // arithmetic on W·x + b; computed directly, it is the same numbers without the identity matrices
                bounds[s] = firstLayerBounds((DenseTail.Affine) tail.steps().get(0), lo, hi);
                continue;
            }
            double[][] identity = new double[width][width];
            double[][] negated = new double[width][width];
            for (int i = 0; i < width; i++) {
                identity[i][i] = 1;
                negated[i][i] = -1;
            }
            LinearBound low = backward(tail, s, identity, bounds, lo, hi);
            LinearBound high = backward(tail, s, negated, bounds, lo, hi);
            double[] l = new double[width];
            double[] u = new double[width];
            for (int i = 0; i < width; i++) {
                l[i] = low.minimum(i, lo, hi);
                u[i] = -high.minimum(i, lo, hi);
            }
            bounds[s] = new double[][] {l, u};
        }
        return bounds;
    }

    private static double[][] firstLayerBounds(DenseTail.Affine a, double[] lo, double[] hi) {
        int out = a.outputs();
        double[] l = new double[out];
        double[] u = new double[out];
        for (int i = 0; i < out; i++) {
            double[] w = a.weight()[i];
            double low = a.bias()[i];
            double high = a.bias()[i];
            for (int j = 0; j < w.length; j++) {
                double p = w[j] * lo[j];
                double q = w[j] * hi[j];
                low += Math.min(p, q);
                high += Math.max(p, q);
            }
            l[i] = low;
            u[i] = high;
        }
        return new double[][] {l, u};
    }

    /** Backward pass from the output of steps {@code 0..end-1} with specification c. */
    static LinearBound backward(DenseTail tail, int end, double[][] c, double[][][] bounds, double[] lo, double[] hi) {
        int rows = c.length;
        double[][] lambda = new double[rows][];
        for (int r = 0; r < rows; r++) {
            lambda[r] = c[r].clone();
        }
        double[] bias = new double[rows];
        for (int s = end - 1; s >= 0; s--) {
            DenseTail.Step step = tail.steps().get(s);
            if (step instanceof DenseTail.Affine a) {
                int in = a.weight()[0].length;
                double[][] next = new double[rows][in];
                for (int r = 0; r < rows; r++) {
                    double[] lr = lambda[r];
                    double[] nr = next[r];
                    for (int k = 0; k < lr.length; k++) {
                        double v = lr[k];
                        if (v != 0) {
                            bias[r] += v * a.bias()[k];
                            double[] w = a.weight()[k];
                            for (int j = 0; j < in; j++) {
                                nr[j] += v * w[j];
                            }
                        }
                    }
                }
                lambda = next;
            } else {
                double slope = ((DenseTail.Activation) step).negativeSlope();
                double[] l = bounds[s][0];
                double[] u = bounds[s][1];
                for (int k = 0; k < l.length; k++) {
                    double lowerSlope;
                    double upperSlope;
                    double upperIntercept;
                    if (l[k] >= 0) {
                        lowerSlope = 1;
                        upperSlope = 1;
                        upperIntercept = 0;
                    } else if (u[k] <= 0) {
                        lowerSlope = slope;
                        upperSlope = slope;
                        upperIntercept = 0;
                    } else {
                        upperSlope = (u[k] - slope * l[k]) / (u[k] - l[k]);
                        upperIntercept = slope * l[k] - upperSlope * l[k];
                        lowerSlope = u[k] > -l[k] ? 1 : slope;
                    }
                    for (int r = 0; r < rows; r++) {
                        double v = lambda[r][k];
                        if (v >= 0) {
                            lambda[r][k] = v * lowerSlope;
                        } else {
                            lambda[r][k] = v * upperSlope;
                            bias[r] += v * upperIntercept;
                        }
                    }
                }
            }
        }
        return new LinearBound(lambda, bias);
    }
}
