package dev.kintsugi.repair;

import dev.kintsugi.model.Network;

/**
 * One model-fixing approach. Implementations never modify {@code original}: they copy it and return the
 * fixed copy. They offer intermediate candidates to {@link RepairContext#guard()} so that a regression
 * budget ({@code --max-nfr}) can be enforced the same way for every approach.
 */
public interface RepairApproach {
    /** Registry name, e.g. {@code arachne}. */
    String name();

    RepairLevel level();

    /** The paper, e.g. "Sohn et al., Arachne, TOSEM 2023". */
    String paper();

    /** One line on what it does and how this port differs from the original, if it does. */
    String summary();

    /**
     * The zoo architectures (mlp, lenet5, cnn, vgg-small, resnet-small) this approach cannot run on and
     * why, from the algorithm; empty when it runs on all of them.
     */
    default String architectureLimits() {
        return "";
    }

    /** How much of a network's structure an approach reads; a TorchScript module shows less than a Kintsugi model. */
    enum Needs {
        /** Only the parameters, trained through the forward pass: runs on any TorchScript module. */
        PARAMETERS,
        /**
         * The output layer (a linear layer's weight and bias) and its input (penultimate features): runs on a
         * TorchScript module with a declared head ({@link Network#torchScript}).
         */
        OUTPUT_LAYER,
        /** Every layer (taps, per-layer weights, a fresh copy of the architecture): Kintsugi and ONNX models. */
        LAYERS
    }

    /** What this approach reads of the network; LAYERS unless it says less. */
    default Needs needs() {
        return Needs.LAYERS;
    }

    /** Refuses, in one line and before any work, a model this approach cannot run on. */
    default void checkRunsOn(Network original) {
        switch (needs()) {
            case PARAMETERS -> {
            }
            case OUTPUT_LAYER -> original.requireOutputLayer(name());
            case LAYERS -> original.requireLayers(name());
            default -> throw new IllegalStateException("unknown need " + needs());
        }
    }

    /**
     * True when the fixed model has layers the original has not (REASSURE's patch network): it is saved as a
     * Kintsugi model directory, but cannot be written back in an outside model's format (ONNX, TorchScript).
     */
    default boolean addsLayers() {
        return false;
    }

    /**
     * The {@code --set} keys this approach reads, sorted. {@link RepairRegistry#checkOptions} rejects any
     * other key before any work starts, and {@link RepairRun} fails an approach that reads a key it did not
     * declare here, so the list cannot drift from the code.
     */
    default java.util.SortedSet<String> optionKeys() {
        return java.util.Collections.emptySortedSet();
    }

    RepairResult repair(Network original, RepairContext context);
}
