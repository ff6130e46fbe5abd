package dev.kintsugi.failures;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How one class's training samples spread over the contexts of an attribute: {@code shares.get(i)} is the
 * fraction of the class's samples in {@code contexts.get(i)} (they sum to 1). The pipeline's
 * "random debugging" baseline draws its contexts from it.
 */
public record ContextDistribution(String className, List<String> contexts, List<Double> shares) {
    public ContextDistribution {
        contexts = List.copyOf(contexts);
        shares = List.copyOf(shares);
        if (contexts.size() != shares.size() || contexts.isEmpty()) {
            throw new IllegalArgumentException("one share per context, at least one context");
        }
    }

    /** The share of {@code context}; 0 for a context the class never appears in. */
    public double share(String context) {
        int i = contexts.indexOf(context);
        return i < 0 ? 0 : shares.get(i);
    }

    /** A context drawn with probability equal to its share. */
    public String sample(SplittableRandom rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < contexts.size(); i++) {
            cumulative += shares.get(i);
            if (u < cumulative) {
                return contexts.get(i);
            }
        }
        // Rounding left u just above the total: the last context with a share.
        for (int i = contexts.size() - 1; i >= 0; i--) {
            if (shares.get(i) > 0) {
                return contexts.get(i);
            }
        }
        return contexts.get(contexts.size() - 1);
    }
}
