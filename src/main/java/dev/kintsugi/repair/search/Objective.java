package dev.kintsugi.repair.search;

/** A cost to minimise over real vectors; approaches express fitness as negative cost. */
@FunctionalInterface
public interface Objective {
    double cost(double[] x);
}
