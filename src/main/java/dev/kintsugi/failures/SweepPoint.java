package dev.kintsugi.failures;

/** The head retrained with one λ: its accuracy on test, debug-seed and debug-heldout (the paper's Figure 5). */
public record SweepPoint(double lambda, double test, double debugSeed, double debugHeldout) {
}
