package dev.kintsugi.model.onnx;

import dev.kintsugi.model.ReassurePatch;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReassurePatch} written as ONNX nodes appended to the imported graph, so a REASSURE fix of an ONNX
 * model is an ONNX model again. The nodes compute what {@link ReassurePatch#forwardInternal} computes, in the same
 * order of operations (sums as ReduceSum over the same axes, so that rounding follows PyTorch's as closely as
 * it can), with the graph's own opset (ReduceSum's axes are written as its opset wants them):
 * <pre>
 *   y      = Gemm(Flatten(h), −A, b)                 support rows of every region   [N, R·m]
 *   steps  = Relu(n·y + 1) − Relu(n·y)
 *   g      = Relu(ReduceSum(steps as [N, R, m], axis 2) − (m − 1))                 [N, R]
 *   gate   = g, then gate = Max(gate, gate · T_s) for s = 1, 2, 4, …   T_s shifts left by s (g ≥ 0, so the
 *            zeros shifted in never win): the reverse running maximum, gate_i = max_{k ≥ i} g_k
 *   lift   = gate·K − K, reshaped [N, R, 1];   p = Gemm(Flatten(h), C, d) reshaped [N, R, out]
 *   patch  = ReduceSum(Relu(p + lift) − Relu(lift − p), axis 1)                   [N, out]
 *   logits = logits + patch
 * </pre>
 */
final class OnnxPatchGraph {
    private static final String P = "kintsugi_patch_";

    final List<OnnxModel.Node> nodes = new ArrayList<>();
    final List<OnnxModel.Tensor> initializers = new ArrayList<>();
    private int counter;

    private OnnxPatchGraph() {
    }

    /**
     * The nodes and initializers that add {@code patch}'s output, read from the tensor {@code h}, to
     * {@code logits}, the result named {@code output}.
     */
    static OnnxPatchGraph of(ReassurePatch patch, String h, String logits, String output, long opset) {
        ReassurePatch.Layout l = patch.layout();
        int regions = l.regions();
        int rows = l.rows();
        int outs = l.outputs();
        OnnxPatchGraph g = new OnnxPatchGraph();
        String flat = g.node("Flatten", List.of(h), List.of(intAttribute("axis", 1)));
        String y = g.gemm(flat, g.floats("support_weight", value(patch, "supportWeight"), regions * rows, l.inputs()),
                g.floats("support_bias", value(patch, "supportBias"), regions * rows));
        String ny = g.node("Mul", List.of(y, g.scalar("sharpness", (float) l.sharpness())), List.of());
        String up = g.node("Relu", List.of(g.node("Add", List.of(ny, g.scalar("one", 1f)), List.of())), List.of());
        String steps = g.node("Sub", List.of(up, g.node("Relu", List.of(ny), List.of())), List.of());
        String counted = g.reduceSum(g.node("Reshape", List.of(steps, g.longs("steps_shape", -1, regions, rows)),
                List.of()), 2, opset);
        String support = g.node("Relu", List.of(g.node("Sub", List.of(counted, g.scalar("rows_less_one", rows - 1f)),
                List.of())), List.of());
        String gate = support;
        for (int s = 1; s < regions; s *= 2) {
            float[] shift = new float[regions * regions];
            for (int i = 0; i + s < regions; i++) {
                shift[(i + s) * regions + i] = 1f; // column i takes region i + s
            }
            String shifted = g.node("MatMul", List.of(gate, g.floats("shift_" + s, shift, regions, regions)), List.of());
            gate = g.node("Max", List.of(gate, shifted), List.of());
        }
        String k = g.floats("bound", value(patch, "bound"), regions);
        String lift = g.node("Sub", List.of(g.node("Mul", List.of(gate, k), List.of()), k), List.of());
        lift = g.node("Reshape", List.of(lift, g.longs("lift_shape", -1, regions, 1)), List.of());
        String p = g.gemm(flat, g.floats("patch_weight", value(patch, "patchWeight"), regions * outs, l.inputs()),
                g.floats("patch_bias", value(patch, "patchBias"), regions * outs));
        p = g.node("Reshape", List.of(p, g.longs("patch_shape", -1, regions, outs)), List.of());
        String pos = g.node("Relu", List.of(g.node("Add", List.of(p, lift), List.of())), List.of());
        String neg = g.node("Relu", List.of(g.node("Sub", List.of(lift, p), List.of())), List.of());
        String total = g.reduceSum(g.node("Sub", List.of(pos, neg), List.of()), 1, opset);
        g.nodes.add(new OnnxModel.Node(P + "out", "Add", null, List.of(logits, total), List.of(output), List.of()));
        return g;
    }

    private static float[] value(ReassurePatch patch, String name) {
        return patch.getParameters().get(name).getArray().toFloatArray();
    }

    private static OnnxModel.Attribute intAttribute(String name, long v) {
        return new OnnxModel.Attribute(name, 2, null, v, null, null, null, null);
    }

    /** ReduceSum over one axis, dropped: its axes are an attribute before opset 13 and an input from 13 on. */
    private String reduceSum(String x, long axis, long opset) {
        OnnxModel.Attribute keep = intAttribute("keepdims", 0);
        if (opset >= 13) {
            return node("ReduceSum", List.of(x, longs("axes_" + counter, axis)), List.of(keep));
        }
        return node("ReduceSum", List.of(x), List.of(new OnnxModel.Attribute("axes", 7, null, null, null, null, null,
                new long[] {axis}), keep));
    }

    private String gemm(String x, String w, String b) {
        return node("Gemm", List.of(x, w, b), List.of(intAttribute("transB", 1)));
    }

    private String node(String op, List<String> inputs, List<OnnxModel.Attribute> attributes) {
        String out = P + (counter++) + "_" + op.toLowerCase(java.util.Locale.ROOT);
        nodes.add(new OnnxModel.Node(out, op, null, inputs, List.of(out), attributes));
        return out;
    }

    private String floats(String name, float[] values, long... dims) {
        initializers.add(new OnnxModel.Tensor(P + name, OnnxModel.FLOAT, dims, values, null));
        return P + name;
    }

    private String scalar(String name, float v) {
        return floats(name, new float[] {v});
    }

    private String longs(String name, long... values) {
        initializers.add(new OnnxModel.Tensor(P + name, OnnxModel.INT64, new long[] {values.length}, null, values));
        return P + name;
    }
}
