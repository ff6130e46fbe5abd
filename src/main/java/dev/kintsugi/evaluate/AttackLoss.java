package dev.kintsugi.evaluate;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import dev.kintsugi.model.Losses;

/**
 * What a gradient attack ascends. Both are the SUM over the batch of per-sample cross-entropy, as Foolbox's
 * {@code LinfPGD} uses, so each input's gradient does not depend on the batch it is attacked in.
 */
public enum AttackLoss {
    /** Cross-entropy of the network's logits: Kintsugi's default. */
    CROSS_ENTROPY_ON_LOGITS {
        @Override
        NDArray total(NDArray logits, NDArray labels) {
            return summed(logits, labels);
        }
    },
    /**
     * The study's variant: its Keras models ended in softmax and Foolbox took that output as logits, so the loss
     * was cross-entropy over softmax probabilities treated as logits (much flatter gradients).
     */
    CROSS_ENTROPY_ON_PROBABILITIES {
        @Override
        NDArray total(NDArray logits, NDArray labels) {
            return summed(logits.softmax(1), labels);
        }
    };

    abstract NDArray total(NDArray logits, NDArray labels);

    private static NDArray summed(NDArray scores, NDArray labels) {
        return Scalars.mul(Losses.crossEntropy(scores, labels, null), scores.getShape().get(0));
    }
}
