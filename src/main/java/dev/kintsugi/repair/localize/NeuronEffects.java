package dev.kintsugi.repair.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Network;

/**
 * Interventional (causal) neuron effects, as CARE estimates them: for each neuron h_i at the input of
 * layer {@code layer}, set do(h_i = v) for {@code steps} values evenly spread over the neuron's observed
 * [min, max], run the rest of the network, and average the probability of each sample's true class. The
 * effect of a neuron is the spread (max − min) of that average across the intervention values. The
 * probabilities are the network's output when it ends in a softmax, otherwise the softmax of its logits.
 */
public final class NeuronEffects {
    private NeuronEffects() {
    }

    /**
     * Whether the network's own output is already a probability vector (built with {@code output=softmax}),
     * so the effects are read from it as CARE reads {@code model2.predict}, not from a second softmax.
     */
    static boolean endsInSoftmax(Network network) {
        return "softmax".equals(network.spec().options().get("output"));
    }

    public static double[] averageCausalEffectRange(Network network, Dataset data, int layer, int steps) {
        int n = data.size();
        float[] h;
        long[] shape;
        try (NDManager sub = network.manager().newSubManager()) {
            NDArray a = network.activationsBefore(layer, new Batches(data, n).inputs(sub, null, 0, n));
            h = a.toFloatArray();
            shape = a.getShape().getShape();
        }
        int width = h.length / n;
        double[] range = new double[width];
        // All interventions on one neuron go through the rest of the network as one batch.
        long[] batchShape = shape.clone();
        batchShape[0] = (long) steps * n;
        float[] batch = new float[steps * h.length];
        for (int i = 0; i < width; i++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int s = 0; s < n; s++) {
                lo = Math.min(lo, h[s * width + i]);
                hi = Math.max(hi, h[s * width + i]);
            }
            for (int step = 0; step < steps; step++) {
                float v = steps == 1 ? lo : lo + (hi - lo) * step / (steps - 1);
                System.arraycopy(h, 0, batch, step * h.length, h.length);
                for (int s = 0; s < n; s++) {
                    batch[step * h.length + s * width + i] = v;
                }
            }
            float[] p;
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray out = network.forwardFrom(layer, sub.create(batch, new Shape(batchShape)), false);
                p = (endsInSoftmax(network) ? out : out.softmax(1)).toFloatArray();
            }
            int k = p.length / (steps * n);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int step = 0; step < steps; step++) {
                double mean = 0;
                for (int s = 0; s < n; s++) {
                    mean += p[(step * n + s) * k + data.label(s)];
                }
                mean /= n;
                min = Math.min(min, mean);
                max = Math.max(max, mean);
            }
            range[i] = max - min;
        }
        return range;
    }
}
