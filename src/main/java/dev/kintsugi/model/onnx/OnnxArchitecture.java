package dev.kintsugi.model.onnx;

import ai.djl.nn.SequentialBlock;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.zoo.Architecture;
import dev.kintsugi.model.zoo.Options;
import dev.kintsugi.util.Json;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The architecture of a network imported from ONNX: its options carry the graph (nodes, attributes, integer
 * constants; no weights) and the input layout, so a saved model directory rebuilds the same layers before
 * its parameters are loaded. Not in the zoo's list: it is made by importing a file, not trained from scratch.
 */
public final class OnnxArchitecture implements Architecture {
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a network imported from an ONNX file (--model FILE.onnx)";
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("graph", "");
        d.put("layout", "nchw");
        return d;
    }

    @Override
    public SequentialBlock build(Options options, int[] inputShape, int numClasses) {
        return block(options.asMap());
    }

    static OnnxNetworkBlock block(Map<String, String> options) {
        String graph = options.getOrDefault("graph", "");
        if (graph.isBlank()) {
            throw new KintsugiException("the onnx architecture is made by importing an ONNX file (give --model "
                    + "FILE.onnx), not trained from scratch");
        }
        OnnxModel model;
        try {
            model = Json.mapper().readValue(graph, OnnxModel.class);
        } catch (java.io.IOException e) {
            throw new KintsugiException("the model's spec holds a damaged ONNX graph (" + e.getMessage() + ")", e);
        }
        OnnxGraphBuilder.Layout layout = OnnxGraphBuilder.Layout.valueOf(
                options.getOrDefault("layout", "nchw").toUpperCase(Locale.ROOT));
        return OnnxGraphBuilder.build(model, layout);
    }
}
