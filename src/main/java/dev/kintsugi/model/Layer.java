package dev.kintsugi.model;

import java.util.List;

/**
 * One layer of a network as users see it: the children of the top-level sequential block, in order.
 *
 * @param index      position, 0-based; the unit of taps, weight access and freezing
 * @param name       a readable name such as {@code 03-linear}
 * @param kind       the DJL block type, for example {@code Linear} or {@code Conv2d}
 * @param parameters this layer's parameters with their shapes, in DJL's order
 */
public record Layer(int index, String name, String kind, List<ParameterInfo> parameters) {

    /** A parameter's name within its layer (for example {@code weight}) and its shape. */
    public record ParameterInfo(String name, long[] shape) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public boolean hasParameters() {
        return !parameters.isEmpty();
    }

    /**
     * True for a layer that flattens each sample to a vector: the zoo's {@code batchFlatten} and an imported
     * ONNX {@code Flatten} on axis 1 (the same operation under the name each source gives it).
     */
    public boolean isFlatten() {
        return kind.equals("batchFlatten") || kind.equals("Flatten");
    }
}
