package dev.kintsugi.repair.localize;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer-wise relevance propagation (LRP, ε-rule) heatmaps: for each input, the relevance of every neuron
 * at the input of chosen layers for the predicted class.
 *
 * <p>As HUDD's HeatmapModule, propagation starts from the output layer's logits with every logit but the
 * top one set to zero (the top logit is kept as it is), so the heatmap explains why the input got the class
 * it got. Relevance starts at the output layer ({@link Network#headIndex()}), so a trailing softmax is
 * skipped.
 *
 * <p>Rules, layer by layer from the output down:
 * <ul>
 *   <li>Element-wise activations (ReLU and the like: parameter-free blocks that keep the shape) pass
 *       relevance through unchanged, the standard LRP treatment.</li>
 *   <li>Every other layer (linear, convolution, pooling, flatten, batch norm, dropout) uses the ε-rule in
 *       its gradient×input form: with z = layer(a) and s = R_out / (z + stab) held constant,
 *       R_in = a ⊙ ∂(z·s)/∂a, computed with DJL autograd. For a linear or convolution layer this is exactly
 *       R_in,j = Σ_k a_j w_jk / (z_k + ε·sign(z_k)) · R_out,k; for max pooling it sends relevance to the
 *       winning input; for flatten it reshapes. Composite blocks (residual blocks) get the same formula
 *       over the whole block, which is only an approximation of LRP.</li>
 * </ul>
 * The stabiliser is stab = sign(z)·max(ε, 1e-6·mean|z|) (mean over the sample's layer output), so that
 * it stays above float32 rounding at the layer's scale; the division runs in float64. The relevance a
 * stabiliser keeps, Σ_k R_k·stab_k/(z_k + stab_k), is reported per sample ({@link #explain}), so with zero
 * biases Σ R_in + absorbed equals the top logit. (Conservation also needs correct input gradients: the
 * natives' convolution kernel once broke it, see {@code KernelWorkarounds}.)
 */
public final class LrpHeatmaps {
    private static final int BATCH = 64;
    /** Smallest stabiliser relative to a layer's mean |pre-activation| on a sample (float32 rounding is ~6e-8). */
    static final double RELATIVE_FLOOR = 1e-6;

    /**
     * Relevance maps and, per requested layer and sample, the relevance the ε-stabilisers absorbed between
     * the top logit and that layer's input (with zero biases, Σ map + absorbed = top logit).
     */
    public record Relevance(Map<Integer, float[][]> maps, Map<Integer, double[]> absorbed) {
    }

    private LrpHeatmaps() {
    }

    /**
     * Relevance at the input of each layer in {@code layers}, per sample of {@code data}, flattened:
     * {@code result.get(layer)[sample]}.
     */
    public static Map<Integer, float[][]> compute(Network network, Dataset data, int[] layers, double epsilon) {
        return explain(network, data, layers, epsilon).maps();
    }

    /** As {@link #compute}, with the relevance each layer's stabilisers absorbed. */
    public static Relevance explain(Network network, Dataset data, int[] layers, double epsilon) {
        int lowest = Arrays.stream(layers).min().orElseThrow();
        Map<Integer, float[][]> out = new LinkedHashMap<>();
        Map<Integer, double[]> absorbedAt = new LinkedHashMap<>();
        for (int layer : layers) {
            out.put(layer, new float[data.size()][]);
            absorbedAt.put(layer, new double[data.size()]);
        }
        double[] absorbed = new double[data.size()];
        ParameterStore store = new ParameterStore(network.manager(), false);
        List<Block> blocks = network.block().getChildren().values();
        Batches batches = new Batches(data, BATCH);
        for (int from = 0; from < data.size(); from += BATCH) {
            int to = Math.min(from + BATCH, data.size());
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray x = batches.inputs(sub, null, from, to);
                List<NDArray> taps = network.forwardWithTaps(x);
                int head = network.headIndex();
                NDArray relevance = topLogitOnly(taps.get(head));
                for (int layer = head; layer >= lowest; layer--) {
                    NDArray input = layer == 0 ? network.activationsBefore(0, x) : taps.get(layer - 1);
                    if (!isElementwise(blocks.get(layer), input, taps.get(layer))) {
                        relevance = epsilonRule(blocks.get(layer), store, input, relevance, epsilon, absorbed, from);
                    }
                    float[][] wanted = out.get(layer);
                    if (wanted != null) {
                        copyRows(relevance, wanted, from);
                        System.arraycopy(absorbed, from, absorbedAt.get(layer), from, to - from);
                    }
                }
            }
        }
        network.zeroGradients();
        return new Relevance(out, absorbedAt);
    }

    private static NDArray topLogitOnly(NDArray logits) {
        NDArray top = logits.argMax(1).oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
        return logits.mul(top);
    }

    private static boolean isElementwise(Block block, NDArray input, NDArray output) {
        return block instanceof LambdaBlock && input.getShape().equals(output.getShape());
    }

    /**
     * R_in = a ⊙ ∂(z·s)/∂a with s = R_out / (z + stabiliser) held constant; adds to {@code absorbed} (per
     * sample) the relevance the stabiliser keeps, Σ_k R_out,k · stab_k / (z_k + stab_k).
     */
    private static NDArray epsilonRule(Block block, ParameterStore store, NDArray input, NDArray relevance,
                                       double epsilon, double[] absorbed, int offset) {
        NDArray a = input.duplicate();
        a.setRequiresGradient(true);
        NDArray s;
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray z = block.forward(store, new NDList(a), false).singletonOrThrow();
            // The division and the bookkeeping in float64: z can be small next to the terms that sum to it.
            NDArray z64 = z.stopGradient().toType(DataType.FLOAT64, false);
            NDArray r64 = relevance.toType(DataType.FLOAT64, false);
            NDArray stabiliser = stabiliser(z64, epsilon);
            NDArray denominator = z64.add(stabiliser);
            NDArray s64 = r64.div(denominator);
            double[] kept = r64.mul(stabiliser).div(denominator).reshape(z64.getShape().get(0), -1).sum(new int[] {1})
                    .toDoubleArray();
            for (int i = 0; i < kept.length; i++) {
                absorbed[offset + i] += kept[i];
            }
            s = s64.toType(z.getDataType(), false);
            gc.backward(z.mul(s).sum());
        }
        return a.mul(a.getGradient());
    }

    /**
     * ε·sign(z) with sign(0) = +1, widened per sample to at least {@link #RELATIVE_FLOOR} of the layer's mean
     * |z|: a fixed ε of 1e-9 is far below float32 rounding once pre-activations are of order one, so the
     * floor keeps s = R/(z + stab) from amplifying rounding differences between kernels.
     */
    private static NDArray stabiliser(NDArray z64, double epsilon) {
        long n = z64.getShape().get(0);
        NDArray flat = z64.reshape(n, -1);
        NDArray scale = Scalars.maximum(Scalars.mul(flat.abs().mean(new int[] {1}, true), RELATIVE_FLOOR), epsilon);
        NDArray sign = Scalars.mul(flat.gte(0).toType(DataType.FLOAT64, false), 2).sub(1);
        return sign.mul(scale).reshape(z64.getShape());
    }

    private static void copyRows(NDArray relevance, float[][] target, int offset) {
        int n = (int) relevance.getShape().get(0);
        float[] flat = relevance.toFloatArray();
        int width = flat.length / n;
        for (int i = 0; i < n; i++) {
            target[offset + i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
    }
}
