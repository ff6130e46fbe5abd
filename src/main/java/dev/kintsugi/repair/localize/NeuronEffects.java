package dev.kintsugi.repair.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Network;

/**
 * Interventional (causal) neuron effects, as CARE estimates them: for each neuron h_i at the input of
 * layer {@code layer}, set do(h_i = v) for {@code steps} values evenly spread over the neuron's observed
 * [min, max], run the rest of the network, and average the probability of each sample's true class. The
 * effect of a neuron is the spread (max − min) of that average across the intervention values.
 */
public final class NeuronEffects {
    private NeuronEffects() {
    }

    public static double[] averageCausalEffectRange(Network network, Dataset data, int layer, int steps) {
        try (NDManager sub = network.manager().newSubManager()) {
            Batches batches = new Batches(data, data.size());
            NDArray inputs = batches.inputs(sub, null, 0, data.size());
            NDArray h = network.activationsBefore(layer, inputs);
            NDArray flat = h.reshape(data.size(), -1);
            int neurons = (int) flat.getShape().get(1);
            float[] lo = flat.min(new int[] {0}).toFloatArray();
            float[] hi = flat.max(new int[] {0}).toFloatArray();
            NDArray labels = batches.labels(sub, null, 0, data.size());
            NDArray oneHot = labels.oneHot(network.numClasses());
            double[] range = new double[neurons];
            for (int i = 0; i < neurons; i++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < steps; s++) {
                    float v = steps == 1 ? lo[i] : lo[i] + (hi[i] - lo[i]) * s / (steps - 1);
                    NDArray intervened = flat.duplicate();
                    intervened.set(new NDIndex(":, {}", i), v);
                    NDArray logits = network.forwardFrom(layer, intervened.reshape(h.getShape()), false);
                    double effect = logits.softmax(1).mul(oneHot).sum().getFloat() / data.size();
                    min = Math.min(min, effect);
                    max = Math.max(max, effect);
                }
                range[i] = max - min;
            }
            return range;
        }
    }
}
