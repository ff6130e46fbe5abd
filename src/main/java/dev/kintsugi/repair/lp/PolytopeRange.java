package dev.kintsugi.repair.lp;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The range of linear functions over one polytope {x : A·x ≤ b, lo ≤ x ≤ hi}: min and max of w·x, by
 * linear programming (ojAlgo). The polytope is built once and reused for every objective, which is how
 * REASSURE uses it (scipy {@code linprog} twice per specification row over one linear region).
 */
public final class PolytopeRange {
    private final ExpressionsBasedModel model;
    private final Variable[] x;
    private int solves;

    /**
     * @param a  rows of the constraints A·x ≤ b
     * @param lo per-coordinate lower bounds (the input box)
     * @param hi per-coordinate upper bounds
     */
    public PolytopeRange(double[][] a, double[] b, double[] lo, double[] hi) {
        this(a, b, lo, hi, null);
    }

    /**
     * As above, with each LP stopped after {@code timeLimit} (null: none): a degenerate region can keep the simplex
     * pivoting far past a repair's budget, and a stopped LP fails like an infeasible one.
     */
    public PolytopeRange(double[][] a, double[] b, double[] lo, double[] hi, java.time.Duration timeLimit) {
        model = new ExpressionsBasedModel();
        if (timeLimit != null) {
            model.options.time_abort = Math.max(1, timeLimit.toMillis());
        }
        x = new Variable[lo.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = model.addVariable("x" + j).lower(lo[j]).upper(hi[j]);
        }
        for (int i = 0; i < a.length; i++) {
            Expression e = model.addExpression("r" + i).upper(b[i]);
            for (int j = 0; j < x.length; j++) {
                if (a[i][j] != 0) {
                    e.set(x[j], a[i][j]);
                }
            }
        }
    }

    /** {min w·x, max w·x} over the polytope; throws if it is empty or the solver fails. */
    public double[] range(double[] w) {
        for (int j = 0; j < x.length; j++) {
            x[j].weight(w[j]);
        }
        double lo = optimum(model.minimise());
        double hi = optimum(model.maximise());
        return new double[] {lo, hi};
    }

    /** LPs solved so far (two per {@link #range}). */
    public int solves() {
        return solves;
    }

    private double optimum(Optimisation.Result r) {
        solves++;
        if (!r.getState().isOptimal() && !r.getState().isFeasible()) {
            throw new IllegalStateException("linear program over the region failed: " + r.getState());
        }
        return r.getValue();
    }
}
