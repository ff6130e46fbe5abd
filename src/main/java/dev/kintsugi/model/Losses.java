package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;

/** Loss functions on logits, written once so training, gradients and attacks agree. */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean softmax cross-entropy of {@code logits [batch, classes]} against integer {@code labels}; with
     * {@code classWeights} each sample's loss is scaled by its class's weight (normalised by the weight
     * sum, as PyTorch's weighted CrossEntropyLoss does).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, NDArray classWeights) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = labels.oneHot(classes);
        NDArray perSample = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        if (classWeights == null) {
            return perSample.mean();
        }
        NDArray w = oneHot.mul(classWeights).sum(new int[] {1});
        return perSample.mul(w).sum().div(w.sum());
    }
}
