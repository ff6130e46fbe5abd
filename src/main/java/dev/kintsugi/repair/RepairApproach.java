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
     * The {@code --set} keys this approach reads, sorted. {@link RepairRegistry#checkOptions} rejects any
     * other key before any work starts, and {@link RepairRun} fails an approach that reads a key it did not
     * declare here, so the list cannot drift from the code.
     */
    default java.util.SortedSet<String> optionKeys() {
        return java.util.Collections.emptySortedSet();
    }

    RepairResult repair(Network original, RepairContext context);
}
