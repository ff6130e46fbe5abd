package dev.kintsugi.repair.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A real-valued genetic algorithm: tournament selection, uniform crossover, Gaussian mutation of a
 * fraction of genes (sigma relative to each dimension's range) and elitism. The generic search for
 * mutation-based repairs such as GenMuNN.
 */
public final class GeneticAlgorithm {
    private final int population;
    private final int elite;
    private final int tournament;
    private final double mutationRate;
    private final double mutationSigma;

    public GeneticAlgorithm(int population, int elite, int tournament, double mutationRate, double mutationSigma) {
        if (elite >= population) {
            throw new IllegalArgumentException("elite must be smaller than the population");
        }
        this.population = population;
        this.elite = elite;
        this.tournament = tournament;
        this.mutationRate = mutationRate;
        this.mutationSigma = mutationSigma;
    }

    public SearchResult minimise(Objective objective, Bounds bounds, Function<SplittableRandom, double[]> initial,
                                 StopRule stop, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int dims = bounds.dims();
        double[][] pop = new double[population][];
        double[] cost = new double[population];
        long evaluations = 0;
        for (int i = 0; i < population; i++) {
            pop[i] = clip(initial.apply(random), bounds);
            cost[i] = objective.cost(pop[i]);
            evaluations++;
        }
        StopRule.Tracker tracker = stop.tracker(min(cost));
        List<Double> history = new ArrayList<>();
        String reason = min(cost) <= stop.target() ? "target reached" : null;
        while (reason == null) {
            Integer[] order = new Integer[population];
            for (int i = 0; i < population; i++) {
                order[i] = i;
            }
            final double[] c = cost;
            Arrays.sort(order, Comparator.comparingDouble(i -> c[i]));
            double[][] next = new double[population][];
            double[] nextCost = new double[population];
            for (int e = 0; e < elite; e++) {
                next[e] = pop[order[e]];
                nextCost[e] = cost[order[e]];
            }
            for (int i = elite; i < population; i++) {
                double[] a = pop[select(cost, random)];
                double[] b = pop[select(cost, random)];
                double[] child = new double[dims];
                for (int d = 0; d < dims; d++) {
                    child[d] = random.nextBoolean() ? a[d] : b[d];
                    if (random.nextDouble() < mutationRate) {
                        double range = bounds.upper()[d] - bounds.lower()[d];
                        child[d] += gaussian(random) * mutationSigma * range;
                    }
                }
                next[i] = clip(child, bounds);
                nextCost[i] = objective.cost(next[i]);
                evaluations++;
            }
            pop = next;
            cost = nextCost;
            double best = min(cost);
            history.add(best);
            reason = tracker.after(best);
        }
        int bestIndex = 0;
        for (int i = 1; i < population; i++) {
            if (cost[i] < cost[bestIndex]) {
                bestIndex = i;
            }
        }
        return new SearchResult(pop[bestIndex].clone(), cost[bestIndex], tracker.iteration(), evaluations,
                history.stream().mapToDouble(Double::doubleValue).toArray(), reason);
    }

    private int select(double[] cost, SplittableRandom random) {
        int best = random.nextInt(cost.length);
        for (int t = 1; t < tournament; t++) {
            int other = random.nextInt(cost.length);
            if (cost[other] < cost[best]) {
                best = other;
            }
        }
        return best;
    }

    private static double[] clip(double[] x, Bounds bounds) {
        for (int d = 0; d < x.length; d++) {
            x[d] = bounds.clip(d, x[d]);
        }
        return x;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.POSITIVE_INFINITY);
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
