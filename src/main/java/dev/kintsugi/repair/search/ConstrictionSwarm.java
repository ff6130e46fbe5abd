package dev.kintsugi.repair.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The particle swarm of Arachne's paper (Sohn, Kang, Yoo; Clerc-Kennedy constriction) as the
 * eAI-Repair-Toolkit codes it ({@code repair/methods/arachne/arachne.py}, {@code optimize}), which its
 * NeuRecover inherits. Not pyswarms' {@link ParticleSwarm}:
 * <ol>
 *   <li>start: positions from {@code initial}, velocities zero; every start is evaluated and is its
 *       particle's personal best;</li>
 *   <li>each iteration: g, the global best position, is fixed for the whole iteration; each particle in
 *       turn moves x ← x + v with its old velocity, then takes the new velocity
 *       v ← χ·(v + ρ1·(p − x) + ρ2·(g − x)) at the new x, with χ = 2 / (φ − 2 + √(φ² − 4φ)) and ρ1, ρ2 ~
 *       U(0, φ) drawn once per particle update (scalars, not per coordinate); each coordinate of v keeps its
 *       sign (a zero counts as negative) and has its magnitude clamped into [{@code vMin}, {@code vMax}]
 *       (the bounds of the weight's layer); the new x is evaluated and replaces the personal best if strictly
 *       better;</li>
 *   <li>after the swarm, the global best becomes the best personal best (the first of equals) and its cost is
 *       recorded; once more than {@code patience} iterations have run, the search stops when none of the last
 *       {@code patience} recorded costs is strictly better than the one recorded just before them
 *       ({@code _fail_to_find_better_patch}); at most {@code maxIterations} iterations.</li>
 * </ol>
 * Positions are not bounded. The original maximises a fitness; this minimises its negation, which is the
 * same search. {@link StopRule}'s target and deadline also stop it (Kintsugi's additions); its tolerance is
 * not used. Random streams are Java's seeded {@link SplittableRandom}, not Python's {@code random} and numpy's.
 */
public final class ConstrictionSwarm {
    private final int particles;
    private final double phi;

    public ConstrictionSwarm(int particles, double phi) {
        if (phi <= 4) {
            throw new IllegalArgumentException("the constriction factor needs phi > 4, got " + phi);
        }
        this.particles = particles;
        this.phi = phi;
    }

    /** Arachne's settings: 100 particles, φ = 4.1. */
    public static ConstrictionSwarm arachneDefaults() {
        return new ConstrictionSwarm(100, 4.1);
    }

    /** χ = 2 / (φ − 2 + √(φ² − 4φ)): 0.7298 for φ = 4.1. */
    public static double constriction(double phi) {
        return 2 / (phi - 2 + Math.sqrt(phi * phi - 4 * phi));
    }

    public SearchResult minimise(Objective objective, double[] vMin, double[] vMax,
                                 Function<SplittableRandom, double[]> initial, StopRule stop, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int dims = vMin.length;
        double chi = constriction(phi);
        double[][] x = new double[particles][];
        double[][] v = new double[particles][dims];
        for (int i = 0; i < particles; i++) {
            x[i] = initial.apply(random).clone();
        }
        double[][] pBest = new double[particles][];
        double[] pCost = new double[particles];
        long evaluations = 0;
        for (int i = 0; i < particles; i++) {
            pBest[i] = x[i].clone();
            pCost[i] = objective.cost(x[i]);
            evaluations++;
        }
        int best = argMin(pCost);
        List<Double> history = new ArrayList<>();
        String reason = null;
        int iterations = 0;
        for (int t = 0; t < stop.maxIterations(); t++) {
            iterations = t + 1;
            double[] g = pBest[best].clone();
            for (int n = 0; n < particles; n++) {
                for (int d = 0; d < dims; d++) {
                    x[n][d] += v[n][d];
                }
                double rho1 = random.nextDouble() * phi;
                double rho2 = random.nextDouble() * phi;
                velocity(x[n], v[n], pBest[n], g, chi, rho1, rho2, vMin, vMax);
                double c = objective.cost(x[n]);
                evaluations++;
                if (c < pCost[n]) {
                    pCost[n] = c;
                    pBest[n] = x[n].clone();
                }
            }
            best = argMin(pCost);
            history.add(pCost[best]);
            if (stale(history, stop.patience())) {
                reason = "no better patch for " + stop.patience() + " iterations";
                break;
            }
            if (pCost[best] <= stop.target()) {
                reason = "target reached";
                break;
            }
            if (stop.outOfTime().getAsBoolean()) {
                reason = "time budget spent";
                break;
            }
        }
        if (reason == null) {
            reason = "max iterations";
        }
        return new SearchResult(pBest[best].clone(), pCost[best], iterations, evaluations,
                history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
    }

    /**
     * {@code _update_velocity} in place: v ← χ·(v + ρ1·(p − x) + ρ2·(g − x)), then each coordinate's magnitude
     * clamped into [vMin, vMax] with its sign kept (0 counts as negative, as {@code 1 if 0 < v else -1}).
     */
    static void velocity(double[] x, double[] v, double[] p, double[] g, double chi, double rho1, double rho2,
                         double[] vMin, double[] vMax) {
        for (int d = 0; d < x.length; d++) {
            double nv = chi * (v[d] + rho1 * (p[d] - x[d]) + rho2 * (g[d] - x[d]));
            double magnitude = Math.abs(nv);
            double sign = nv > 0 ? 1 : -1;
            if (magnitude < vMin[d]) {
                nv = vMin[d] * sign;
            }
            if (vMax[d] < magnitude) {
                nv = vMax[d] * sign;
            }
            v[d] = nv;
        }
    }

    /**
     * {@code _fail_to_find_better_patch} on costs (lower is better): after more than {@code patience}
     * iterations, true when no cost among the last {@code patience} is below the one just before them.
     */
    static boolean stale(List<Double> history, int patience) {
        int t = history.size() - 1; // the original's loop index at this check
        if (patience <= 0 || patience >= t) {
            return false;
        }
        double before = history.get(history.size() - patience - 1);
        double bestLast = Double.POSITIVE_INFINITY;
        for (int i = history.size() - patience; i < history.size(); i++) {
            bestLast = Math.min(bestLast, history.get(i));
        }
        return !(bestLast < before);
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
}
