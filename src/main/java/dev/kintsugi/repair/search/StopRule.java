package dev.kintsugi.repair.search;

import java.util.function.BooleanSupplier;

/**
 * When a search stops: after {@code maxIterations}, after {@code patience} iterations whose best cost
 * improved by less than {@code tolerance}, when the cost reaches {@code target}, or when {@code outOfTime}
 * says so (the repair's time budget).
 */
public record StopRule(int maxIterations, int patience, double tolerance, double target, BooleanSupplier outOfTime) {
    public static StopRule iterations(int max, int patience) {
        return new StopRule(max, patience, 0, Double.NEGATIVE_INFINITY, () -> false);
    }

    public StopRule withTarget(double value) {
        return new StopRule(maxIterations, patience, tolerance, value, outOfTime);
    }

    public StopRule withTolerance(double value) {
        return new StopRule(maxIterations, patience, value, target, outOfTime);
    }

    public StopRule withDeadline(BooleanSupplier value) {
        return new StopRule(maxIterations, patience, tolerance, target, value);
    }

    /** Tracks progress of one run and says why it should stop, or null to go on. */
    final class Tracker {
        private double best;
        private int stale;
        private int iteration;

        Tracker(double initialBest) {
            best = initialBest;
        }

        String after(double bestCost) {
            iteration++;
            if (best - bestCost > tolerance) {
                stale = 0;
            } else {
                stale++;
            }
            best = Math.min(best, bestCost);
            if (bestCost <= target) {
                return "target reached";
            }
            if (iteration >= maxIterations) {
                return "max iterations";
            }
            if (patience > 0 && stale >= patience) {
                return "no improvement for " + patience + " iterations";
            }
            if (outOfTime.getAsBoolean()) {
                return "time budget spent";
            }
            return null;
        }

        int iteration() {
            return iteration;
        }
    }

    /** A tracker for one run whose initial population's best cost is {@code initialBest}. */
    Tracker tracker(double initialBest) {
        return new Tracker(initialBest);
    }
}
