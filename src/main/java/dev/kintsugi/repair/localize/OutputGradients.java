package dev.kintsugi.repair.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * |∂(Σ_i Σ_c f_c(x_i))/∂w| for every trainable parameter: the gradient of the sum of the model's outputs
 * over a set of inputs, in inference mode, as TensorFlow's {@code tape.gradient(model(x), weights)} gives it
 * (a non-scalar target is summed). NeuRecover ranks weights by it. Either of the logits ({@link Of#LOGITS}) or
 * of the class probabilities ({@link Of#PROBABILITIES}: the softmax of the logits, or the outputs themselves
 * for a model built with {@code output=softmax}). The study's Keras models end in a softmax, so the original
 * takes the second: that sum is the constant |x|, and its gradient is zero up to float rounding, which then
 * decides the ranking.
 */
public final class OutputGradients {
    private OutputGradients() {
    }

    /**
     * Absolute gradients keyed by "layer/parameter" (e.g. {@code 3/weight}); parameters that record no
     * gradient are absent. Empty data gives zeros.
     */
    public static Map<String, double[]> of(Network network, Dataset data) {
        return of(network, data, Of.LOGITS);
    }

    /** Which outputs are summed. */
    public enum Of {
        LOGITS, PROBABILITIES
    }

    /** As {@link #of(Network, Dataset)}, summing {@code what}. */
    public static Map<String, double[]> of(Network network, Dataset data, Of what) {
        boolean softmax = what == Of.PROBABILITIES && !NeuronEffects.endsInSoftmax(network);
        Map<String, double[]> sums = new LinkedHashMap<>();
        network.zeroGradients();
        int batch = 256;
        Batches batches = new Batches(data, batch);
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray x = batches.inputs(sub, null, from, to);
                try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                    NDArray out = network.forward(x, false);
                    gc.backward((softmax ? out.softmax(1) : out).sum());
                }
            }
        }
        // the gradients accumulate over the batches, as one pass over all inputs would give
        int layer = 0;
        for (Pair<String, ai.djl.nn.Block> child : network.block().getChildren()) {
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                NDArray w = p.getValue().getArray();
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                double[] g = new double[(int) w.size()];
                if (data.size() > 0) {
                    try (NDArray grad = w.getGradient()) {
                        float[] v = grad.toFloatArray();
                        for (int i = 0; i < g.length; i++) {
                            g[i] = Math.abs(v[i]);
                        }
                    }
                }
                sums.put(layer + "/" + p.getKey(), g);
            }
            layer++;
        }
        network.zeroGradients();
        return sums;
    }
}
