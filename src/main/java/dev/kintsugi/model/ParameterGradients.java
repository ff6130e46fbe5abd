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
