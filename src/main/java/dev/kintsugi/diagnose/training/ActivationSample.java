package dev.kintsugi.diagnose.training;

import java.util.List;

/** Activation statistics of one sampled batch (inference mode, on up to {@code tapSamples} inputs). */
public record ActivationSample(int epoch, int step, List<LayerActivation> layers, double inputMin, double inputMax,
                               double inputMean, double inputStd, double probabilityLikeOutputs) {

    /**
     * One layer's output.
     *
     * @param activation     the activation function if the layer is one ({@code relu}, {@code sigmoid}, ...), or null
     * @param deadShare      ReLU: share of units that are ≤ 0 on every input of the batch; NaN otherwise
     * @param saturatedShare sigmoid/tanh: share of pre-activations beyond the saturation limit; NaN otherwise
     * @param finite         no NaN or infinite value
     */
    public record LayerActivation(int layer, String name, String activation, double mean, double variance,
                                  double deadShare, double saturatedShare, boolean finite) {
    }
}
