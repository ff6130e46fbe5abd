package dev.kintsugi.model.onnx;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;

import java.util.List;

/**
 * The sequential block of an imported ONNX graph, remembering which DJL parameter holds which initializer
 * (so the graph can be written back with the network's current values) and the output activation that was
 * taken off the end (Kintsugi's networks return logits).
 */
public final class OnnxNetworkBlock extends SequentialBlock {
    /** DJL {@code parameter} holds initializer {@code initializer}, transposed when {@code transposed} (2-D only). */
    public record Binding(String initializer, Parameter parameter, boolean transposed) {
    }

    private final OnnxModel graph;
    private final List<Binding> bindings;
    private final OnnxModel.Node outputActivation;

    OnnxNetworkBlock(OnnxModel graph, List<Binding> bindings, OnnxModel.Node outputActivation) {
        this.graph = graph;
        this.bindings = bindings;
        this.outputActivation = outputActivation;
    }

    /** The graph as imported, float initializers without values. */
    public OnnxModel graph() {
        return graph;
    }

    public List<Binding> bindings() {
        return bindings;
    }

    /** The trailing Softmax node removed on import, or null. */
    public OnnxModel.Node outputActivation() {
        return outputActivation;
    }
}
