package dev.kintsugi.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an ONNX graph into a Kintsugi layer sequence. Parameterised operators become DJL's own blocks
 * (Conv to {@code Conv2d}, Gemm and MatMul + Add to {@code Linear}, BatchNormalization to {@code BatchNorm})
 * so every repair approach sees the layers it knows; the rest become named lambda blocks. The graph is cut
 * wherever exactly one tensor is live: each piece between cuts is one layer, and a piece that is not a single
 * operator (a residual block) runs as one {@link OnnxSubgraph}. Dropout and Identity are inference no-ops and
 * vanish; a Softmax producing the graph's output is removed and remembered (Kintsugi works on logits).
 */
public final class OnnxGraphBuilder {
    /** The operators Kintsugi imports, for error messages. */
    public static final List<String> SUPPORTED = List.of("Conv", "Gemm", "MatMul (+ Add)", "Relu", "LeakyRelu",
            "Sigmoid", "Tanh", "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "Add", "Concat",
            "Flatten", "Reshape", "Transpose", "Dropout", "Identity", "Softmax", "Constant");

    /** Kintsugi feeds images as NCHW; {@code NHWC} inserts a transpose for graphs that expect channels last. */
    public enum Layout { NCHW, NHWC }

    /** One operator after fusion: a block on one input, or a multi-input Add / Concat. */
    private record Op(Block block, String kind, int axis, List<String> inputs, String output) {
    }

    private final OnnxModel graph;
    private final Map<String, long[]> constants = new HashMap<>();
    private final Set<String> floatInitializers = new HashSet<>();
    private final Map<String, String> alias = new HashMap<>();
    private final List<OnnxNetworkBlock.Binding> bindings = new ArrayList<>();

    private OnnxGraphBuilder(OnnxModel graph) {
        this.graph = graph;
        for (OnnxModel.Tensor t : graph.initializers()) {
            if (t.dataType() == OnnxModel.FLOAT) {
                floatInitializers.add(t.name());
            } else if (t.longs() != null) {
                constants.put(t.name(), t.longs());
            }
        }
    }

    /** The block for {@code graph} (float initializer values are not needed: parameters are set afterwards). */
    public static OnnxNetworkBlock build(OnnxModel graph, Layout layout) {
        return new OnnxGraphBuilder(graph).build(layout);
    }

    private OnnxNetworkBlock build(Layout layout) {
        List<OnnxModel.Node> nodes = graph.nodes();
        String graphOutput = graph.outputs().get(0).name();
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new KintsugiException("the ONNX graph has " + graph.inputs().size() + " inputs and "
                    + graph.outputs().size() + " outputs; Kintsugi imports classifiers with one of each");
        }
        OnnxModel.Node outputActivation = null;
        OnnxModel.Node last = nodes.get(nodes.size() - 1);
        int end = nodes.size();
        if (last.opType().equals("Softmax") && last.outputs().get(0).equals(graphOutput)) {
            outputActivation = last;
            end--;
            graphOutput = last.inputs().get(0);
        }
        Map<String, Integer> uses = new HashMap<>();
        for (OnnxModel.Node n : nodes.subList(0, end)) {
            n.inputs().forEach(i -> uses.merge(i, 1, Integer::sum));
        }
        List<Op> ops = new ArrayList<>();
        for (int k = 0; k < end; k++) {
            OnnxModel.Node n = nodes.get(k);
            if (n.opType().equals("MatMul") && k + 1 < end && fusesWithAdd(n, nodes.get(k + 1), uses)) {
                ops.add(matMul(n, nodes.get(k + 1)));
                k++;
                continue;
            }
            Op op = op(n);
            if (op != null) {
                ops.add(op);
            }
        }
        graphOutput = resolve(graphOutput);
        OnnxNetworkBlock block = new OnnxNetworkBlock(graph, bindings, outputActivation);
        if (layout == Layout.NHWC) {
            block.add(LambdaBlock.singleton(x -> x.transpose(0, 2, 3, 1), "ToChannelsLast"), graph.inputs().get(0).name());
        }
        addSegments(block, ops, graph.inputs().get(0).name(), graphOutput);
        return block;
    }

    /** Cuts {@code ops} wherever one tensor alone is live and adds one layer per piece. */
    private static void addSegments(OnnxNetworkBlock block, List<Op> ops, String input, String output) {
        Map<String, Integer> lastUse = new HashMap<>();
        for (int k = 0; k < ops.size(); k++) {
            for (String i : ops.get(k).inputs()) {
                lastUse.put(i, k);
            }
        }
        lastUse.put(output, ops.size());
        String segmentInput = input;
        int start = 0;
        Set<String> live = new LinkedHashSet<>();
        live.add(input);
        for (int k = 0; k < ops.size(); k++) {
            final int at = k;
            live.add(ops.get(k).output());
            live.removeIf(t -> lastUse.getOrDefault(t, -1) <= at);
            if (live.size() == 1) {
                String out = live.iterator().next();
                List<Op> piece = ops.subList(start, k + 1);
                if (piece.size() == 1 && piece.get(0).block() != null) {
                    block.add(piece.get(0).block(), segmentInput);
                } else {
                    List<OnnxSubgraph.Step> steps = new ArrayList<>();
                    for (Op o : piece) {
                        steps.add(new OnnxSubgraph.Step(o.block(), o.kind(), o.axis(), o.inputs(), o.output()));
                    }
                    block.add(new OnnxSubgraph(segmentInput, out, steps), segmentInput);
                }
                segmentInput = out;
                start = k + 1;
            }
        }
        if (start != ops.size() || !segmentInput.equals(output)) {
            throw new KintsugiException("the ONNX graph does not lead from its input to its output through one "
                    + "tensor at a time (" + output + " is not the end of the chain)");
        }
    }

    private String resolve(String name) {
        String n = name;
        while (alias.containsKey(n)) {
            n = alias.get(n);
        }
        return n;
    }

    private List<String> activations(OnnxModel.Node n) {
        List<String> out = new ArrayList<>();
        for (String i : n.inputs()) {
            if (!i.isEmpty() && !floatInitializers.contains(i) && !constants.containsKey(i)) {
                out.add(resolve(i));
            }
        }
        return out;
    }

    private Op single(OnnxModel.Node n, Block block) {
        List<String> in = activations(n);
        if (in.size() != 1) {
            throw new KintsugiException(n.label() + " takes " + in.size() + " computed inputs; Kintsugi imports it with one");
        }
        return new Op(block, null, 0, in, n.outputs().get(0));
    }

    private Op op(OnnxModel.Node n) {
        return switch (n.opType()) {
            case "Dropout", "Identity" -> {
                alias.put(n.outputs().get(0), resolve(n.inputs().get(0)));
                yield null;
            }
            case "Constant" -> {
                OnnxModel.Attribute value = n.attribute("value");
                if (value == null || value.t() == null || value.t().longs() == null) {
                    throw new KintsugiException(n.label() + ": only integer Constant tensors (shapes) are supported");
                }
                constants.put(n.outputs().get(0), value.t().longs());
                yield null;
            }
            case "Conv" -> single(n, conv(n));
            case "Gemm" -> single(n, gemm(n));
            case "MatMul" -> matMul(n, null);
            case "BatchNormalization" -> single(n, batchNorm(n));
            case "Relu" -> single(n, Activation.reluBlock());
            case "LeakyRelu" -> {
                float alpha = n.floatAttribute("alpha", 0.01f);
                yield single(n, LambdaBlock.singleton(x -> Activation.leakyRelu(x, alpha), "LeakyReLU"));
            }
            case "Sigmoid" -> single(n, Activation.sigmoidBlock());
            case "Tanh" -> single(n, Activation.tanhBlock());
            case "Softmax" -> {
                int axis = (int) n.intAttribute("axis", opset() >= 13 ? -1 : 1);
                yield single(n, LambdaBlock.singleton(x -> x.softmax(axis), "softmax"));
            }
            case "MaxPool", "AveragePool" -> single(n, pool(n));
            case "GlobalAveragePool" -> single(n, LambdaBlock.singleton(
                    x -> x.mean(new int[] {3}, true).mean(new int[] {2}, true), "GlobalAveragePool"));
            case "Flatten" -> {
                int axis = (int) n.intAttribute("axis", 1);
                // named "Flatten" only as a batch flatten (axis 1), which is what Layer.isFlatten() means
                yield single(n, LambdaBlock.singleton(x -> flatten(x, axis), axis == 1 ? "Flatten" : "Flatten(axis=" + axis + ")"));
            }
            case "Reshape" -> {
                long[] target = constants.get(n.inputs().get(1));
                if (target == null) {
                    throw new KintsugiException(n.label() + ": the target shape must be a constant");
                }
                yield single(n, LambdaBlock.singleton(x -> reshape(x, target), "Reshape"));
            }
            case "Transpose" -> {
                long[] perm = n.intsAttribute("perm");
                yield single(n, LambdaBlock.singleton(x -> transpose(x, perm), "Transpose"));
            }
            case "Add" -> {
                List<String> in = activations(n);
                if (in.size() != n.inputs().size()) {
                    throw new KintsugiException(n.label() + " adds a constant; Kintsugi imports Add of two computed "
                            + "tensors (a residual) or as the bias of a MatMul");
                }
                yield new Op(null, "Add", 0, in, n.outputs().get(0));
            }
            case "Concat" -> new Op(null, "Concat", (int) n.intAttribute("axis", 1), activations(n), n.outputs().get(0));
            default -> throw new KintsugiException("unsupported ONNX operator " + n.opType() + " in node '" + n.name()
                    + "'; Kintsugi imports " + String.join(", ", SUPPORTED));
        };
    }

    private long opset() {
        Long v = graph.opsets().get("");
        return v == null ? 13 : v;
    }

    private static NDArray flatten(NDArray x, int axis) {
        long[] dims = x.getShape().getShape();
        int a = axis < 0 ? dims.length + axis : axis;
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= dims[i];
        }
        return x.reshape(outer, -1);
    }

    private static NDArray reshape(NDArray x, long[] target) {
        long[] dims = target.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0) {
                dims[i] = x.getShape().get(i);
            }
        }
        return x.reshape(new Shape(dims));
    }

    private static NDArray transpose(NDArray x, long[] perm) {
        int rank = x.getShape().dimension();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = perm == null ? rank - 1 - i : (int) perm[i];
        }
        return x.transpose(axes);
    }

    private OnnxModel.Tensor weight(OnnxModel.Node n, int input) {
        if (n.inputs().size() <= input || n.inputs().get(input).isEmpty()) {
            return null;
        }
        String name = n.inputs().get(input);
        OnnxModel.Tensor t = graph.initializer(name);
        if (t == null || t.dataType() != OnnxModel.FLOAT) {
            throw new KintsugiException(n.label() + ": input " + name + " must be a float initializer (a weight)");
        }
        return t;
    }

    private void bind(OnnxModel.Tensor t, Parameter p, boolean transposed) {
        if (t != null) {
            bindings.add(new OnnxNetworkBlock.Binding(t.name(), p, transposed));
        }
    }

    private Block conv(OnnxModel.Node n) {
        OnnxModel.Tensor w = weight(n, 1);
        OnnxModel.Tensor b = weight(n, 2);
        if (w.dims().length != 4) {
            throw new KintsugiException(n.label() + ": only 2-D convolutions are supported (weight " + w.dims().length
                    + "-D)");
        }
        Shape kernel = new Shape(w.dims()[2], w.dims()[3]);
        // PaddedConv2d: the zoo's Conv2d that keeps narrow filter counts off the natives' faulty backward kernel
        // (docs/DETERMINISM.md); without it an imported 8-channel ResNet fine-tuned to NaN in some runs
        Conv2d conv = dev.kintsugi.model.zoo.PaddedConv2d.of(Conv2d.builder().setFilters((int) w.dims()[0])
                .setKernelShape(kernel).optStride(pair(n, "strides")).optDilation(pair(n, "dilations"))
                .optPadding(padding(n, kernel)).optGroups((int) n.intAttribute("group", 1)).optBias(b != null));
        bind(w, conv.getParameters().get("weight"), false);
        if (b != null) {
            bind(b, conv.getParameters().get("bias"), false);
        }
        return conv;
    }

    private Block pool(OnnxModel.Node n) {
        long[] k = n.intsAttribute("kernel_shape");
        if (k == null || k.length != 2) {
            throw new KintsugiException(n.label() + ": only 2-D pooling is supported");
        }
        long[] dil = n.intsAttribute("dilations");
        if (dil != null && (dil[0] != 1 || dil[1] != 1)) {
            throw new KintsugiException(n.label() + ": dilated pooling is not supported");
        }
        Shape kernel = new Shape(k);
        Shape stride = pair(n, "strides");
        Shape pad = padding(n, kernel);
        boolean ceil = n.intAttribute("ceil_mode", 0) == 1;
        if (n.opType().equals("MaxPool")) {
            if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                throw new KintsugiException(n.label() + ": MaxPool's indices output is not supported");
            }
            return LambdaBlock.singleton(x -> Pool.maxPool2d(x, kernel, stride, pad, ceil), "MaxPool");
        }
        boolean countPad = n.intAttribute("count_include_pad", 0) == 1;
        return LambdaBlock.singleton(x -> Pool.avgPool2d(x, kernel, stride, pad, ceil, countPad), "AveragePool");
    }

    private static Shape pair(OnnxModel.Node n, String key) {
        long[] v = n.intsAttribute(key);
        return v == null ? new Shape(1, 1) : new Shape(v);
    }

    /** Symmetric padding from {@code pads} or {@code auto_pad}; asymmetric padding is refused. */
    private static Shape padding(OnnxModel.Node n, Shape kernel) {
        String auto = n.stringAttribute("auto_pad", "NOTSET");
        if (auto.equals("VALID")) {
            return new Shape(0, 0);
        }
        if (auto.startsWith("SAME")) {
            Shape stride = pair(n, "strides");
            if (stride.get(0) != 1 || stride.get(1) != 1 || kernel.get(0) % 2 == 0 || kernel.get(1) % 2 == 0) {
                throw new KintsugiException(n.label() + ": auto_pad " + auto + " is supported for stride 1 and odd "
                        + "kernels only (re-export with explicit pads)");
            }
            return new Shape(kernel.get(0) / 2, kernel.get(1) / 2);
        }
        long[] pads = n.intsAttribute("pads");
        if (pads == null) {
            return new Shape(0, 0);
        }
        if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new KintsugiException(n.label() + ": asymmetric padding " + java.util.Arrays.toString(pads)
                    + " is not supported");
        }
        return new Shape(pads[0], pads[1]);
    }

    private Block gemm(OnnxModel.Node n) {
        if (n.intAttribute("transA", 0) != 0 || n.floatAttribute("alpha", 1f) != 1f
                || n.floatAttribute("beta", 1f) != 1f) {
            throw new KintsugiException(n.label() + ": only Gemm with transA=0, alpha=1, beta=1 (a dense layer) is "
                    + "supported");
        }
        OnnxModel.Tensor w = weight(n, 1);
        OnnxModel.Tensor b = weight(n, 2);
        boolean transB = n.intAttribute("transB", 0) == 1;
        long units = transB ? w.dims()[0] : w.dims()[1];
        return linear(w, b, units, !transB, n);
    }

    private Block linear(OnnxModel.Tensor w, OnnxModel.Tensor b, long units, boolean transposed, OnnxModel.Node n) {
        if (w.dims().length != 2) {
            throw new KintsugiException(n.label() + ": the weight must be 2-D, got " + w.dims().length + "-D");
        }
        if (b != null && b.size() != units) {
            throw new KintsugiException(n.label() + ": bias " + b.name() + " has " + b.size() + " values for "
                    + units + " units");
        }
        Linear linear = Linear.builder().setUnits(units).optBias(b != null).build();
        bind(w, linear.getParameters().get("weight"), transposed);
        if (b != null) {
            bind(b, linear.getParameters().get("bias"), false);
        }
        return linear;
    }

    private boolean fusesWithAdd(OnnxModel.Node matMul, OnnxModel.Node next, Map<String, Integer> uses) {
        if (!next.opType().equals("Add") || uses.getOrDefault(matMul.outputs().get(0), 0) != 1) {
            return false;
        }
        String product = matMul.outputs().get(0);
        if (!next.inputs().contains(product)) {
            return false;
        }
        String other = next.inputs().get(next.inputs().get(0).equals(product) ? 1 : 0);
        return floatInitializers.contains(other);
    }

    /** MatMul by a weight matrix, with the following Add of a bias when {@code add} is not null. */
    private Op matMul(OnnxModel.Node n, OnnxModel.Node add) {
        OnnxModel.Tensor w = weight(n, 1);
        OnnxModel.Tensor b = null;
        if (add != null) {
            String product = n.outputs().get(0);
            String other = add.inputs().get(add.inputs().get(0).equals(product) ? 1 : 0);
            b = graph.initializer(other);
        }
        Block linear = linear(w, b, w.dims()[1], true, n);
        return new Op(linear, null, 0, List.of(resolve(n.inputs().get(0))),
                add == null ? n.outputs().get(0) : add.outputs().get(0));
    }

    private Block batchNorm(OnnxModel.Node n) {
        if (n.outputs().size() > 1 && n.outputs().stream().skip(1).anyMatch(s -> !s.isEmpty())) {
            throw new KintsugiException(n.label() + " is exported in training mode (it has running-statistics "
                    + "outputs); re-export the model in eval mode");
        }
        BatchNorm bn = BatchNorm.builder().optAxis(1).optEpsilon(n.floatAttribute("epsilon", 1e-5f))
                .optMomentum(n.floatAttribute("momentum", 0.9f)).build();
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        for (int i = 0; i < names.length; i++) {
            bind(weight(n, i + 1), bn.getParameters().get(names[i]), false);
        }
        return bn;
    }
}
