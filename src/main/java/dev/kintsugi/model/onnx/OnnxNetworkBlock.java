package dev.kintsugi.model.onnx;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;

import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.Collections;
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
    private final List<String> layerInputs = new ArrayList<>();

    OnnxNetworkBlock(OnnxModel graph, List<Binding> bindings, OnnxModel.Node outputActivation) {
        this.graph = graph;
        this.bindings = bindings;
        this.outputActivation = outputActivation;
    }

    /** The imported graph's block of {@code net}, REASSURE-patched or not; null when {@code net} is not from ONNX. */
    public static OnnxNetworkBlock of(dev.kintsugi.model.Network net) {
        if (net.block() instanceof OnnxNetworkBlock block) {
            return block;
        }
        if (net.block() instanceof dev.kintsugi.model.PatchedSequentialBlock patched
                && patched.base() instanceof OnnxNetworkBlock block) {
            return block;
        }
        return null;
    }

    /** The graph as imported, float initializers without values. */
    public OnnxModel graph() {
        return graph;
    }

    public List<Binding> bindings() {
        return bindings;
    }

    /** Adds {@code layer}, whose input is the graph's tensor {@code input} (what a patch of the graph reads). */
    void add(Block layer, String input) {
        add(layer);
        layerInputs.add(input);
    }

    /**
     * The graph tensor each layer reads, by layer index. A channels-last graph's first layer (the transpose
     * Kintsugi adds) and the one after it both read the graph's input, which is channels-last already.
     */
    public List<String> layerInputs() {
        return Collections.unmodifiableList(layerInputs);
    }

    /** The graph tensor holding the logits: the output Softmax's input, or the graph's output. */
    public String logits() {
        return outputActivation != null ? outputActivation.inputs().get(0) : graph.outputs().get(0).name();
    }

    /** The trailing Softmax node removed on import, or null. */
    public OnnxModel.Node outputActivation() {
        return outputActivation;
    }
}
