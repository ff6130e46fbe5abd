package dev.kintsugi.repair.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Global-best particle swarm optimisation with inertia, as pyswarms' {@code GlobalBestPSO} (which CARE
 * uses: 20 particles, c1 = c2 = 0.41, w = 0.8): v = w·v + c1·r1·(pbest − x) + c2·r2·(gbest − x), positions
 * clipped to the bounds. Kept small and here so runs are seeded and reproducible.
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
        double[][] pBest = new double[particles][];
        double[] pCost = new double[particles];
        double[] gBest = null;
        double gCost = Double.POSITIVE_INFINITY;
        long evaluations = 0;
        for (int i = 0; i < particles; i++) {
            x[i] = initial.apply(random);
            for (int d = 0; d < dims; d++) {
                x[i][d] = bounds.clip(d, x[i][d]);
                v[i][d] = (random.nextDouble() * 2 - 1) * 0.1 * (bounds.upper()[d] - bounds.lower()[d]);
            }
            pBest[i] = x[i].clone();
            pCost[i] = objective.cost(x[i]);
            evaluations++;
            if (pCost[i] < gCost) {
                gCost = pCost[i];
                gBest = x[i].clone();
            }
        }
        StopRule.Tracker tracker = stop.tracker(gCost);
        List<Double> history = new ArrayList<>();
        String reason = gCost <= stop.target() ? "target reached" : null;
        while (reason == null) {
            for (int i = 0; i < particles; i++) {
                for (int d = 0; d < dims; d++) {
                    v[i][d] = inertia * v[i][d] + cognitive * random.nextDouble() * (pBest[i][d] - x[i][d])
                            + social * random.nextDouble() * (gBest[d] - x[i][d]);
                    x[i][d] = bounds.clip(d, x[i][d] + v[i][d]);
                }
                double c = objective.cost(x[i]);
                evaluations++;
                if (c < pCost[i]) {
                    pCost[i] = c;
                    pBest[i] = x[i].clone();
                    if (c < gCost) {
                        gCost = c;
                        gBest = x[i].clone();
                    }
                }
            }
            history.add(gCost);
            reason = tracker.after(gCost);
        }
        return new SearchResult(gBest, gCost, tracker.iteration(), evaluations,
                history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
    }
}
