package dev.kintsugi.evaluate;

import dev.kintsugi.model.Classifier;

/**
 * An evasion attack: perturbs inputs, each within the attack's L∞ budget and the input bounds, so that the
 * network misclassifies them. Attacks open gradient collectors, so they must not be called from inside one.
 */
public interface Attack {

    /**
     * Adversarial versions of {@code labels.length} inputs stored flat in {@code inputs} (sample-major, in the
     * network's input shape); the inputs are not changed.
     */
    float[] perturb(Classifier network, float[] inputs, int[] labels);

    /**
     * As {@link #perturb(Classifier, float[], int[])}, with each input's randomness (if the attack has any) drawn
     * from the input's {@code keys} entry rather than from its position, so an input is attacked the same way
     * whatever it is batched with. A deterministic attack ignores the keys.
     */
    default float[] perturb(Classifier network, float[] inputs, int[] labels, long[] keys) {
        return perturb(network, inputs, labels);
    }

    /** The L∞ budget ε. */
    double epsilon();

    /** Name and settings, for reports. */
    String describe();
}
