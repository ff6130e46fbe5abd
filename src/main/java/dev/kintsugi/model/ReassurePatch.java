package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.kintsugi.KintsugiException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * REASSURE's patch network (Fu and Li, ICLR 2022; ICLR/tools/build_PNN.py {@code MultiPNN}) as a layer: it
 * reads the logits and the input h of the patched sub-network and returns logits + Σ_i patch_i(h), where
 * <pre>
 *   g_k(h)     = relu(Σ_r [relu(n·y_kr + 1) − relu(n·y_kr)] − m + 1),  y_k = b_k − A_k·h   (support network)
 *   gate_i(h)  = max(g_i(h), ..., g_R(h))                                   (a later patch wins on overlaps)
 *   patch_i(h) = relu(c_i·h + d_i + K_i·gate_i − K_i) − relu(−c_i·h − d_i + K_i·gate_i − K_i)
 * </pre>
 * The c_i, d_i stored here are the differences between consecutive regions' affine patches, as MultiPNN
 * stores them, so that inside region j the patches sum to region j's own patch.
 *
 * <p>Its shape (regions R, rows m per region, input width, output width), the sharpness n and the index of
 * the layer whose input is h live in the spec option {@link #OPTION}, so a saved model rebuilds the same
 * block and its parameters load like any other layer's. The parameters never train.
 */
public final class ReassurePatch extends AbstractBlock {
    /** The {@link ArchitectureSpec} option that describes the patch; absent on unpatched models. */
    public static final String OPTION = "reassure-patch";

    /** The patch's shape as stored in the spec option. */
    public record Layout(int splitLayer, int regions, int rows, int inputs, int outputs, double sharpness) {
        public Layout {
            if (splitLayer < 0 || regions < 1 || rows < 1 || inputs < 1 || outputs < 1 || !(sharpness > 0)) {
                throw new KintsugiException("invalid " + OPTION + " layout: split " + splitLayer + ", regions "
                        + regions + ", rows " + rows + ", inputs " + inputs + ", outputs " + outputs + ", n "
                        + sharpness);
            }
        }

        public String encode() {
            return String.format(Locale.ROOT, "split=%d;regions=%d;rows=%d;inputs=%d;outputs=%d;n=%s", splitLayer,
                    regions, rows, inputs, outputs, Double.toString(sharpness));
        }

        public static Layout decode(String value) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : value.split(";")) {
                String[] pair = part.split("=", 2);
                if (pair.length != 2) {
                    throw new KintsugiException("malformed " + OPTION + " option '" + value + "'");
                }
                kv.put(pair[0].trim(), pair[1].trim());
            }
            try {
                return new Layout(Integer.parseInt(kv.get("split")), Integer.parseInt(kv.get("regions")),
                        Integer.parseInt(kv.get("rows")), Integer.parseInt(kv.get("inputs")),
                        Integer.parseInt(kv.get("outputs")), Double.parseDouble(kv.get("n")));
            } catch (NumberFormatException | NullPointerException e) {
                throw new KintsugiException("malformed " + OPTION + " option '" + value + "'");
            }
        }
    }

    private final Layout layout;
    private final Parameter supportWeight;
    private final Parameter supportBias;
    private final Parameter patchWeight;
    private final Parameter patchBias;
    private final Parameter bound;

    public ReassurePatch(Layout layout) {
        this.layout = layout;
        long supportRows = (long) layout.regions() * layout.rows();
        long patchRows = (long) layout.regions() * layout.outputs();
        supportWeight = addParameter(fixed("supportWeight", new Shape(supportRows, layout.inputs())));
        supportBias = addParameter(fixed("supportBias", new Shape(supportRows)));
        patchWeight = addParameter(fixed("patchWeight", new Shape(patchRows, layout.inputs())));
        patchBias = addParameter(fixed("patchBias", new Shape(patchRows)));
        bound = addParameter(fixed("bound", new Shape(layout.regions())));
    }

    private static Parameter fixed(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(new ConstantInitializer(0f)).optRequiresGrad(false).build();
    }

    public Layout layout() {
        return layout;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalStateException("a REASSURE patch needs the logits and the input of layer "
                    + layout.splitLayer() + "; run it through Network, not as a lone block");
        }
        NDArray logits = inputs.get(0);
        NDArray h = inputs.get(1);
        h = h.reshape(h.getShape().get(0), -1);
        var device = h.getDevice();
        NDArray sw = store.getValue(supportWeight, device, training);
        NDArray sb = store.getValue(supportBias, device, training);
        NDArray pw = store.getValue(patchWeight, device, training);
        NDArray pb = store.getValue(patchBias, device, training);
        NDArray k = store.getValue(bound, device, training);
        long batch = h.getShape().get(0);
        int regions = layout.regions();
        float n = (float) layout.sharpness();
        // y = b − A·h for every region's rows at once (the weight holds −A): [batch, R·m]
        NDArray y = h.matMul(sw.transpose()).add(sb);
        NDArray ny = Scalars.mul(y, n);
        NDArray steps = Scalars.maximum(ny.add(1f), 0).sub(Scalars.maximum(ny, 0));
        NDArray g = Scalars.maximum(steps.reshape(batch, regions, layout.rows()).sum(new int[] {2})
                .sub((float) (layout.rows() - 1)), 0); // [batch, R]
        // gate_i = max over k >= i of g_k: a reverse running maximum
        NDArray[] gates = new NDArray[regions];
        NDArray running = null;
        for (int i = regions - 1; i >= 0; i--) {
            NDArray gi = g.get(":, " + i + ":" + (i + 1));
            running = running == null ? gi : running.maximum(gi);
            gates[i] = running;
        }
        NDArray gate = NDArrays.concat(new NDList(gates), 1).reshape(batch, regions, 1);
        NDArray p = h.matMul(pw.transpose()).add(pb).reshape(batch, regions, layout.outputs());
        NDArray kk = k.reshape(1, regions, 1);
        NDArray lift = gate.mul(kk).sub(kk);
        NDArray patch = Scalars.maximum(p.add(lift), 0).sub(Scalars.maximum(p.neg().add(lift), 0)).sum(new int[] {1});
        return new NDList(logits.add(patch));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
