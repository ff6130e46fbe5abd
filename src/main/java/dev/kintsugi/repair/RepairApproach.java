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

    /**
     * False for approaches that only fine-tune (train every parameter through the forward pass): those run on a
     * TorchScript module, whose layers Kintsugi cannot see. True (the default) for everything that reads layers,
     * taps, penultimate features or the output layer's weights.
     */
    default boolean needsLayerStructure() {
        return true;
    }

    /** Refuses, in one line and before any work, a model this approach cannot run on. */
    default void checkRunsOn(Network original) {
        if (needsLayerStructure()) {
            original.requireLayers(name());
        }
    }

    RepairResult repair(Network original, RepairContext context);
}
