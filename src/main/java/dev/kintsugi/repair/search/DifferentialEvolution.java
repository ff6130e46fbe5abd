package dev.kintsugi.repair.search;

import java.util.SplittableRandom;

/**
 * Differential Evolution, DE/rand/1/bin with greedy replacement, as Arachne's original search
 * ({@code coinse/arachne search/de_vk.py}): the mutation factor F is drawn from U(fMin, fMax) once per
 * generation, crossover rate CR, and one dimension always comes from the mutant. Written here rather
 * than taken from a library so the per-generation F, Arachne's initialisation and the seeded,
 * reproducible order of evaluations match the original exactly.
 */
public final class DifferentialEvolution {
    private final int population;
    private final double fMin;
    private final double fMax;
    private final double crossover;

    public DifferentialEvolution(int population, double fMin, double fMax, double crossover) {
        if (population < 4) {
            throw new IllegalArgumentException("DE/rand/1 needs a population of at least 4");
        }
        this.population = population;
        this.fMin = fMin;
        this.fMax = fMax;
        this.crossover = crossover;
    }

    /** Arachne's defaults: population 100, F ~ U(0.5, 1), CR 0.7. */
    public static DifferentialEvolution arachneDefaults() {
        return new DifferentialEvolution(100, 0.5, 1.0, 0.7);
    }

    /**
     * Minimises {@code objective}; {@code initial} gives each individual's starting point (called once per
     * individual), values are clipped to {@code bounds}.
     */
    public SearchResult minimise(Objective objective, Bounds bounds, java.util.function.Function<SplittableRandom, double[]> initial,
                                 StopRule stop, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int dims = bounds.dims();
        double[][] pop = new double[population][];
        double[] cost = new double[population];
        long evaluations = 0;
        int best = 0;
        for (int i = 0; i < population; i++) {
            pop[i] = initial.apply(random);
            for (int d = 0; d < dims; d++) {
                pop[i][d] = bounds.clip(d, pop[i][d]);
            }
            cost[i] = objective.cost(pop[i]);
            evaluations++;
            if (cost[i] < cost[best]) {
                best = i;
            }
        }
        StopRule.Tracker tracker = stop.tracker(cost[best]);
        java.util.List<Double> history = new java.util.ArrayList<>();
        String reason = cost[best] <= stop.target() ? "target reached" : null;
        while (reason == null) {
            double f = fMin + (fMax - fMin) * random.nextDouble();
            for (int i = 0; i < population; i++) {
                int a;
                int b;
                int c;
                do {
                    a = random.nextInt(population);
                } while (a == i);
                do {
                    b = random.nextInt(population);
                } while (b == i || b == a);
                do {
                    c = random.nextInt(population);
                } while (c == i || c == a || c == b);
                int forced = random.nextInt(dims);
                double[] trial = pop[i].clone();
                for (int d = 0; d < dims; d++) {
                    if (d == forced || random.nextDouble() < crossover) {
                        trial[d] = bounds.clip(d, pop[a][d] + f * (pop[b][d] - pop[c][d]));
                    }
                }
                double t = objective.cost(trial);
                evaluations++;
                if (t <= cost[i]) {
                    pop[i] = trial;
                    cost[i] = t;
                    if (t < cost[best]) {
                        best = i;
                    }
                }
            }
            history.add(cost[best]);
            reason = tracker.after(cost[best]);
        }
        return new SearchResult(pop[best].clone(), cost[best], tracker.iteration(), evaluations,
                history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
    }
}
