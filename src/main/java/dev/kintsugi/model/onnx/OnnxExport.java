package dev.kintsugi.model.onnx;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.PatchedSequentialBlock;
import dev.kintsugi.model.ReassurePatch;
import dev.kintsugi.util.AtomicFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a network imported from ONNX back as ONNX: the imported graph node for node (Dropout, Identity and
 * the output Softmax included), its initializers replaced by the network's current parameter values. A REASSURE
 * fix of an imported network (the graph plus a {@link ReassurePatch}) is written as the graph with the patch's
 * nodes added between the logits and the output Softmax ({@link OnnxPatchGraph}); the graph's output keeps its
 * name.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** True when {@code net} came from ONNX and can be written back as ONNX. */
    public static boolean canExport(Network net) {
        return OnnxNetworkBlock.of(net) != null;
    }

    /** The ONNX bytes of {@code net}. */
    public static byte[] bytes(Network net) {
        OnnxNetworkBlock block = OnnxNetworkBlock.of(net);
        if (block == null) {
            throw new KintsugiException("--export onnx needs a model imported from ONNX; " + net.spec().architecture()
                    + " was built by Kintsugi (its native model directory is the export)");
        }
        Map<String, float[]> values = new HashMap<>();
        for (OnnxNetworkBlock.Binding b : block.bindings()) {
            float[] v = b.parameter().getArray().toFloatArray();
            if (b.transposed()) {
                long[] s = b.parameter().getArray().getShape().getShape();
                v = OnnxImport.transpose(v, (int) s[0], (int) s[1]);
            }
            values.put(b.initializer(), v);
        }
        OnnxModel g = block.graph();
        List<OnnxModel.Tensor> inits = new ArrayList<>();
        for (OnnxModel.Tensor t : g.initializers()) {
            if (t.dataType() == OnnxModel.FLOAT) {
                float[] v = values.get(t.name());
                if (v == null) {
                    throw new KintsugiException("initializer " + t.name() + " is not a parameter of any layer");
                }
                inits.add(t.withFloats(v));
            } else {
                inits.add(t);
            }
        }
        List<OnnxModel.Node> nodes = g.nodes();
        if (net.block() instanceof PatchedSequentialBlock patched) {
            nodes = withPatch(block, patched, inits);
        }
        return OnnxProtobuf.write(new OnnxModel(g.irVersion(), g.opsets(), g.producer(), g.graphName(), nodes,
                inits, g.inputs(), g.outputs()));
    }

    /**
     * The graph's nodes with the patch's between the logits and the output: before the output Softmax when
     * there is one (re-added on the patched logits), else with the old output tensor renamed so the patched
     * logits take its name. The patch's initializers are added to {@code inits}.
     */
    private static List<OnnxModel.Node> withPatch(OnnxNetworkBlock block, PatchedSequentialBlock patched,
                                                  List<OnnxModel.Tensor> inits) {
        ReassurePatch patch = patched.patch();
        String h = block.layerInputs().get(patch.layout().splitLayer());
        String output = block.graph().outputs().get(0).name();
        List<OnnxModel.Node> nodes = new ArrayList<>(block.graph().nodes());
        OnnxModel.Node softmax = block.outputActivation();
        String logits = block.logits();
        if (softmax != null) {
            nodes.remove(nodes.size() - 1);
        } else {
            String unpatched = output + "_unpatched";
            nodes.replaceAll(n -> renamed(n, output, unpatched));
            logits = unpatched;
            if (h.equals(output)) {
                h = unpatched;
            }
        }
        String patchedLogits = softmax == null ? output : output + "_patched_logits";
        Long opset = block.graph().opsets().get("");
        OnnxPatchGraph p = OnnxPatchGraph.of(patch, h, logits, patchedLogits, opset == null ? 13 : opset);
        nodes.addAll(p.nodes);
        inits.addAll(p.initializers);
        if (softmax != null) {
            nodes.add(new OnnxModel.Node(softmax.name(), softmax.opType(), softmax.domain(), List.of(patchedLogits),
                    softmax.outputs(), softmax.attributes()));
        }
        return nodes;
    }

    private static OnnxModel.Node renamed(OnnxModel.Node n, String from, String to) {
        List<String> in = n.inputs().stream().map(t -> t.equals(from) ? to : t).toList();
        List<String> out = n.outputs().stream().map(t -> t.equals(from) ? to : t).toList();
        return new OnnxModel.Node(n.name(), n.opType(), n.domain(), in, out, n.attributes());
    }

    /** Writes {@code net} to {@code file} atomically; an existing file is never replaced. */
    public static void write(Network net, Path file) {
        if (Files.exists(file)) {
            throw new KintsugiException(file + " already exists; Kintsugi never replaces a file (choose another path)");
        }
        AtomicFiles.write(file, bytes(net));
    }
}
