package dev.kintsugi.model.zoo;

import ai.djl.nn.SequentialBlock;

import java.util.Map;

/**
 * One family of networks in the model zoo. {@link #build} receives options with every default already
 * filled in, and returns a sequential block whose children are the network's layers (the unit of taps,
 * weight access and freezing).
 */
public interface Architecture {
    String name();

    /** One line for {@code kintsugi models}. */
    String description();

    /** Every option this architecture reads, with its default value. */
    Map<String, String> defaults();

    SequentialBlock build(Options options, int[] inputShape, int numClasses);
}
