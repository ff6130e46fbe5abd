package dev.kintsugi.repair.localize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
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
 *       its gradient×input form: with z = layer(a) and s = R_out / (z + ε·sign(z)) held constant,
 *       R_in = a ⊙ ∂(z·s)/∂a, computed with DJL autograd. For a linear or convolution layer this is exactly
 *       R_in,j = Σ_k a_j w_jk / (z_k + ε·sign(z_k)) · R_out,k; for max pooling it sends relevance to the
 *       winning input; for flatten it reshapes. Composite blocks (residual blocks) get the same formula
 *       over the whole block, which is only an approximation of LRP.</li>
 * </ul>
 * With zero biases and small ε the total relevance is conserved from layer to layer.
 */
public final class LrpHeatmaps {
    private static final int BATCH = 64;

    private LrpHeatmaps() {
    }

    /**
     * Relevance at the input of each layer in {@code layers}, per sample of {@code data}, flattened:
     * {@code result.get(layer)[sample]}.
     */
    public static Map<Integer, float[][]> compute(Network network, Dataset data, int[] layers, double epsilon) {
        int lowest = Arrays.stream(layers).min().orElseThrow();
        Map<Integer, float[][]> out = new LinkedHashMap<>();
        for (int layer : layers) {
            out.put(layer, new float[data.size()][]);
        }
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
                        relevance = epsilonRule(blocks.get(layer), store, input, relevance, epsilon);
                    }
                    float[][] wanted = out.get(layer);
                    if (wanted != null) {
                        copyRows(relevance, wanted, from);
                    }
                }
            }
        }
        network.zeroGradients();
        return out;
    }

    private static NDArray topLogitOnly(NDArray logits) {
        NDArray top = logits.argMax(1).oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
        return logits.mul(top);
    }

    private static boolean isElementwise(Block block, NDArray input, NDArray output) {
        return block instanceof LambdaBlock && input.getShape().equals(output.getShape());
    }

    /** R_in = a ⊙ ∂(z·s)/∂a with s = R_out / (z + ε·sign(z)) held constant. */
    private static NDArray epsilonRule(Block block, ParameterStore store, NDArray input, NDArray relevance,
                                       double epsilon) {
        NDArray a = input.duplicate();
        a.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray z = block.forward(store, new NDList(a), false).singletonOrThrow();
            NDArray zc = z.stopGradient();
            // sign(0) counts as positive so the stabiliser never vanishes.
            NDArray stabiliser = zc.gte(0).toType(zc.getDataType(), false).mul(2).sub(1).mul((float) epsilon);
            NDArray s = relevance.div(zc.add(stabiliser));
            gc.backward(z.mul(s).sum());
        }
        return a.mul(a.getGradient());
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
