package dev.kintsugi.repair.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Global-best particle swarm optimisation, step for step as pyswarms' {@code GlobalBestPSO.optimize} with
 * its defaults (which CARE uses: 20 particles, c1 = c2 = 0.41, w = 0.8, ftol 1e-3, ftol_iter 10):
 * <ol>
 *   <li>start: positions from {@code initial} (pyswarms' {@code init_pos}; it must lie inside the bounds),
 *       velocities U(0, 1) per coordinate ({@code generate_velocity} without a clamp);</li>
 *   <li>each iteration: evaluate every particle, update the personal bests (strictly better cost), then
 *       the global best once for the whole swarm (synchronous: {@code compute_pbest},
 *       {@code Star.compute_gbest});</li>
 *   <li>stop when, after more than ftol_iter iterations, each of the last ftol_iter iterations changed the
 *       global best cost by less than ftol·(1 + |previous best|) (relative ftol), or after
 *       {@code maxIterations} evaluations of the swarm;</li>
 *   <li>otherwise v ← w·v + c1·r1·(pbest − x) + c2·r2·(gbest − x) with r1, r2 ~ U(0, 1) drawn as two whole
 *       particles × dimensions matrices, x ← x + v, and coordinates that left the bounds wrapped back
 *       ({@code bh_strategy="periodic"}); velocities are not clamped.</li>
 * </ol>
 * The result is the personal best with the lowest cost. {@link StopRule} is read as pyswarms' arguments:
 * {@code maxIterations} = iters, {@code patience} = ftol_iter (0: no ftol stop), {@code tolerance} = ftol;
 * a {@code target} and a deadline also stop it (Kintsugi's additions). Only the random stream differs:
 * Java's seeded {@link SplittableRandom} instead of numpy's global one.
 */
public final class ParticleSwarm {
    private final int particles;
    private final double inertia;
    private final double cognitive;
    private final double social;

    public ParticleSwarm(int particles, double inertia, double cognitive, double social) {
        this.particles = particles;
        this.inertia = inertia;
        this.cognitive = cognitive;
        this.social = social;
    }

    /** CARE's settings: 20 particles, w 0.8, c1 = c2 = 0.41. */
    public static ParticleSwarm careDefaults() {
        return new ParticleSwarm(20, 0.8, 0.41, 0.41);
    }

    public SearchResult minimise(Objective objective, Bounds bounds, Function<SplittableRandom, double[]> initial,
                                 StopRule stop, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int dims = bounds.dims();
        double[][] x = new double[particles][];
        double[][] v = new double[particles][dims];
        for (int i = 0; i < particles; i++) {
            x[i] = initial.apply(random).clone();
            for (int d = 0; d < dims; d++) {
                if (x[i][d] < bounds.lower()[d] || x[i][d] > bounds.upper()[d]) {
                    throw new IllegalArgumentException("initial position outside the bounds");
                }
            }
        }
        for (int i = 0; i < particles; i++) {
            for (int d = 0; d < dims; d++) {
                v[i][d] = random.nextDouble();
            }
        }
        double[][] pBest = new double[particles][];
        double[] pCost = new double[particles];
        java.util.Arrays.fill(pCost, Double.POSITIVE_INFINITY);
        for (int i = 0; i < particles; i++) {
            pBest[i] = x[i].clone();
        }
        double[] gBest = x[0].clone();
        double gCost = Double.POSITIVE_INFINITY;
        int ftolIter = stop.patience();
        boolean[] ftolHistory = new boolean[Math.max(1, ftolIter)];
        long evaluations = 0;
        List<Double> history = new ArrayList<>();
        String reason = null;
        int iterations = 0;
        for (int it = 0; it < stop.maxIterations(); it++) {
            iterations = it + 1;
            for (int i = 0; i < particles; i++) {
                double c = objective.cost(x[i]);
                evaluations++;
                if (c < pCost[i]) {
                    pCost[i] = c;
                    pBest[i] = x[i].clone();
                }
            }
            double previous = gCost;
            int argMin = argMin(pCost);
            if (pCost[argMin] < gCost) {
                gCost = pCost[argMin];
                gBest = pBest[argMin].clone();
            }
            history.add(gCost);
            if (ftolIter > 0) {
                ftolHistory[it % ftolIter] = ftolDelta(gCost, previous, stop.tolerance());
                if (it > ftolIter && allTrue(ftolHistory)) {
                    reason = "cost changed by less than ftol for " + ftolIter + " iterations";
                    break;
                }
            }
            if (gCost <= stop.target()) {
                reason = "target reached";
                break;
            }
            if (stop.outOfTime().getAsBoolean()) {
                reason = "time budget spent";
                break;
            }
            double[][] r1 = uniform(random, particles, dims);
            double[][] r2 = uniform(random, particles, dims);
            step(x, v, pBest, gBest, r1, r2, inertia, cognitive, social, bounds);
        }
        if (reason == null) {
            reason = "max iterations";
        }
        int best = argMin(pCost);
        return new SearchResult(pBest[best].clone(), pCost[best], iterations, evaluations,
                history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
    }

    /** pyswarms' relative ftol test: |best − previous| &lt; ftol·(1 + |previous|); false while previous is ∞. */
    static boolean ftolDelta(double best, double previous, double ftol) {
        return Math.abs(best - previous) < ftol * (1 + Math.abs(previous));
    }

    /**
     * One pyswarms velocity and position update ({@code compute_velocity}, {@code compute_position}),
     * in place, with the given random matrices.
     */
    static void step(double[][] x, double[][] v, double[][] pBest, double[] gBest, double[][] r1, double[][] r2,
                     double w, double c1, double c2, Bounds bounds) {
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < x[i].length; d++) {
                v[i][d] = w * v[i][d] + c1 * r1[i][d] * (pBest[i][d] - x[i][d]) + c2 * r2[i][d] * (gBest[d] - x[i][d]);
            }
        }
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < x[i].length; d++) {
                x[i][d] = periodic(x[i][d] + v[i][d], bounds.lower()[d], bounds.upper()[d]);
            }
        }
    }

    /** pyswarms' {@code BoundaryHandler.periodic} for one coordinate. */
    static double periodic(double p, double lb, double ub) {
        double range = Math.abs(ub - lb);
        if (p < lb) {
            return ub - mod(lb - p, range);
        }
        if (p > ub) {
            return lb + mod(p - ub, range);
        }
        return p;
    }

    /** numpy's mod: the result has the divisor's sign. */
    private static double mod(double a, double m) {
        double r = a % m;
        return r < 0 ? r + m : r;
    }

    private static double[][] uniform(SplittableRandom random, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < cols; d++) {
                out[i][d] = random.nextDouble();
            }
        }
        return out;
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean b : values) {
            if (!b) {
                return false;
            }
        }
        return true;
    }
}
