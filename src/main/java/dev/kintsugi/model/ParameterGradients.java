package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Gradient housekeeping shared by every kind of classifier. */
final class ParameterGradients {
    private ParameterGradients() {
    }

    /** Turns off gradient recording for every parameter of {@code block} that has it; closing turns it back on. */
    static Classifier.FrozenParameters freeze(Block block) {
        java.util.List<NDArray> frozen = new java.util.ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                a.setRequiresGradient(false);
                frozen.add(a);
            }
        }
        return () -> frozen.forEach(a -> a.setRequiresGradient(true));
    }

    /** Sets every accumulated parameter gradient of {@code block} to zero (NaN-safe: overwrites). */
    static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                try (NDArray g = a.getGradient()) {
                    g.set(new NDIndex("..."), 0);
                }
            }
        }
    }
}
