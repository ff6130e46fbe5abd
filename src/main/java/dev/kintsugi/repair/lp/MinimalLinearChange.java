package dev.kintsugi.repair.lp;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The smallest L∞ change to a linear layer z = W·h + b that makes given inputs take given classes by a
 * margin, as a linear program (ojAlgo): minimise δ subject to |ΔW_cl| ≤ δ, |Δb_c| ≤ δ and, for every
 * input k with class y_k and every other class j,
 * <pre>  (W + ΔW)_{y_k}·h_k + (b + Δb)_{y_k} ≥ (W + ΔW)_j·h_k + (b + Δb)_j + margin.</pre>
 * With the layer's inputs h_k fixed (the layers before it frozen) the constraints are linear in ΔW and
 * Δb; this is the single-layer step of Goldberger, Adi, Keshet and Katz (LPAR 2020) that 3M-DNN builds
 * on. The (input, class) constraints are added lazily (cutting planes): first each input against the
 * class that beats it now, then every constraint the current solution violates, until none is violated;
 * the optimum is that of the full program.
 */
public final class MinimalLinearChange {
    /** Constraints a solution may miss by this much and still count as met (the solver's own tolerance). */
    private static final double TOLERANCE = 1e-7;
    private static final int MAX_ROUNDS = 50;

    /**
     * The answer: whether the constraints can be met at all and, if so, the optimal δ and the changes,
     * row-major like W ({@code [outputs, width]}).
     */
    public record Solution(boolean feasible, double delta, float[] weightDelta, float[] biasDelta, int rounds,
                           int constraints) {
    }

    private MinimalLinearChange() {
    }

    /**
     * @param w       the layer's weights, row-major {@code [outputs, width]}
     * @param b       its biases
     * @param inputs  the layer's input for each point, each of length {@code width}
     * @param classes the class each point must take
     */
    public static Solution solve(float[] w, float[] b, float[][] inputs, int[] classes, double margin) {
        int outputs = b.length;
        int width = w.length / outputs;
        Set<Long> active = new LinkedHashSet<>();
        for (int k = 0; k < inputs.length; k++) {
            double[] z = logits(w, b, null, null, inputs[k]);
            int rival = -1;
            for (int j = 0; j < outputs; j++) {
                if (j != classes[k] && (rival < 0 || z[j] > z[rival])) {
                    rival = j;
                }
            }
            active.add(pair(k, rival));
        }
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            Variable delta = model.addVariable("delta").lower(0).weight(1);
            Variable[] dw = new Variable[outputs * width];
            Variable[] db = new Variable[outputs];
            for (int i = 0; i < dw.length; i++) {
                dw[i] = model.addVariable("dw" + i);
                bound(model, dw[i], delta, "w" + i);
            }
            for (int c = 0; c < outputs; c++) {
                db[c] = model.addVariable("db" + c);
                bound(model, db[c], delta, "b" + c);
            }
            for (long p : active) {
                int k = (int) (p >>> 32);
                int j = (int) p;
                int y = classes[k];
                double[] z = logits(w, b, null, null, inputs[k]);
                Expression e = model.addExpression("k" + k + "j" + j).lower(margin - (z[y] - z[j]));
                for (int l = 0; l < width; l++) {
                    double h = inputs[k][l];
                    if (h != 0) {
                        e.set(dw[y * width + l], h);
                        e.set(dw[j * width + l], -h);
                    }
                }
                e.set(db[y], 1);
                e.set(db[j], -1);
            }
            Optimisation.Result r = model.minimise();
            if (!r.getState().isFeasible()) {
                return new Solution(false, Double.NaN, null, null, round, active.size());
            }
            float[] dW = new float[dw.length];
            float[] dB = new float[outputs];
            for (int i = 0; i < dw.length; i++) {
                dW[i] = (float) dw[i].getValue().doubleValue();
            }
            for (int c = 0; c < outputs; c++) {
                dB[c] = (float) db[c].getValue().doubleValue();
            }
            int before = active.size();
            for (int k = 0; k < inputs.length; k++) {
                double[] z = logits(w, b, dW, dB, inputs[k]);
                for (int j = 0; j < outputs; j++) {
                    if (j != classes[k] && z[classes[k]] - z[j] < margin - TOLERANCE - 1e-5 * Math.abs(margin)) {
                        active.add(pair(k, j));
                    }
                }
            }
            if (active.size() == before) {
                return new Solution(true, delta.getValue().doubleValue(), dW, dB, round, active.size());
            }
        }
        throw new IllegalStateException("cutting planes did not settle in " + MAX_ROUNDS + " rounds");
    }

    /** −δ ≤ v ≤ δ as two rows. */
    private static void bound(ExpressionsBasedModel model, Variable v, Variable delta, String name) {
        model.addExpression(name + "+").upper(0).set(v, 1).set(delta, -1);
        model.addExpression(name + "-").lower(0).set(v, 1).set(delta, 1);
    }

    /** (W + dW)·h + b + dB, the changes optional. */
    static double[] logits(float[] w, float[] b, float[] dW, float[] dB, float[] h) {
        int outputs = b.length;
        int width = h.length;
        double[] z = new double[outputs];
        for (int c = 0; c < outputs; c++) {
            double s = b[c] + (dB == null ? 0 : dB[c]);
            for (int l = 0; l < width; l++) {
                s += (w[c * width + l] + (dW == null ? 0 : dW[c * width + l])) * (double) h[l];
            }
            z[c] = s;
        }
        return z;
    }

    private static long pair(int k, int j) {
        return ((long) k << 32) | (j & 0xffffffffL);
    }
}
