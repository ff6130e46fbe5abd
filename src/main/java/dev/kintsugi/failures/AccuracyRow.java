package dev.kintsugi.failures;

/**
 * One row of the paper's Table 2: a model's accuracy (0..1) on test, debug-seed and debug-heldout.
 * Before debugging, debug-seed and debug-heldout are 0 by construction (they are the model's failures).
 */
public record AccuracyRow(String model, double test, double debugSeed, double debugHeldout) {
}
