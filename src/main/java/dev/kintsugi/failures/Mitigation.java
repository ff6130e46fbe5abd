package dev.kintsugi.failures;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;

import java.io.PrintStream;

/**
 * A way to fix a model that accepts extra training data: given the original training data (in
 * {@code splits}) and generated <em>debug_train</em> images, it returns a new network; the original is never
 * changed. {@link HeadRetrainer} is the paper's; {@link RepairApproachMitigation} lets any registered repair
 * approach ({@code finetune}, ...) take the generated images as its repair data, which is what makes
 * collective debugging work with every approach.
 */
public interface Mitigation {
    /** A short name for reports and the CLI, e.g. {@code head} or {@code finetune}. */
    String name();

    /** Settings worth recording in provenance. */
    java.util.Map<String, Object> settings();

    Network mitigate(Network original, Splits splits, dev.kintsugi.data.Dataset debugTrain, long seed, PrintStream log);

    /**
     * Refuses, in one line and before failures are found and images generated, a model this mitigation cannot
     * change (a TorchScript module where it needs layers).
     */
    default void checkRunsOn(Network original) {
        original.requireLayers(name());
    }
}
