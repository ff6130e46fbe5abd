package dev.kintsugi.repair.search;

/**
 * The best point a search found, its cost, how many iterations (generations) ran, how many times the
 * objective was evaluated, and the best cost after each iteration.
 */
public record SearchResult(double[] best, double bestCost, int iterations, long evaluations, double[] history,
                           String stopReason) {
}
