package dev.kintsugi.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.kintsugi.model.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training step, seen after the backward pass and before the optimiser step. The batch's inputs and
 * the parameters' gradients are valid only during the callback.
 *
 * @param epoch      1-based
 * @param batch      0-based index within the epoch
 * @param step       0-based index over the whole run
 * @param loss       the batch's mean loss
 * @param accuracy   the batch's training accuracy
 */
public record BatchEvent(Network network, int epoch, int batch, int step, double loss, double accuracy,
                         NDArray inputs, NDArray labels, TrainingControl control) {

    /** L2 norm of each trainable parameter's gradient, keyed by parameter id. */
    public Map<String, Double> gradientNorms() {
        Map<String, Double> norms = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.trainableParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                try (NDArray g = a.getGradient(); NDArray n = g.norm()) {
                    norms.put(p.getKey(), (double) n.getFloat());
                }
            }
        }
        return norms;
    }
}
