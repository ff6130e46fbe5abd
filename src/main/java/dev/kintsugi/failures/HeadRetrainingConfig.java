package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;

/**
 * Settings of {@link HeadRetrainer}. The defaults are the paper's (its Table 4): SGD with learning rate 0.2,
 * momentum 0.9, weight decay 5e-4, λ = 0.5, 1000 epochs. The paper does not give a batch size; each epoch
 * here is one full-batch step over the cached features, so L = L(original_train) + λ·L(debug_train) is
 * exactly its equation (1) with both terms averaged over their own sets.
 *
 * @param trainPerClass original_train is a seeded, class-stratified sample of this many training images per
 *                      class (the paper uses 30 per class on ImageNet); 0 means the whole training split
 */
public record HeadRetrainingConfig(double learningRate, double momentum, double weightDecay, double lambda,
                                   int epochs, int trainPerClass) {
    public HeadRetrainingConfig {
        if (!(learningRate > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new KintsugiException("head retraining needs learning rate > 0, 0 <= momentum < 1 and weight "
                    + "decay >= 0");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new KintsugiException("lambda must be a finite number >= 0, got " + lambda);
        }
        if (epochs < 1 || trainPerClass < 0) {
            throw new KintsugiException("head retraining needs epochs >= 1 and train-per-class >= 0");
        }
    }

    public static HeadRetrainingConfig paperDefaults() {
        return new HeadRetrainingConfig(0.2, 0.9, 5e-4, 0.5, 1000, 1000);
    }

    public HeadRetrainingConfig withLambda(double value) {
        return new HeadRetrainingConfig(learningRate, momentum, weightDecay, value, epochs, trainPerClass);
    }

    public HeadRetrainingConfig withEpochs(int value) {
        return new HeadRetrainingConfig(learningRate, momentum, weightDecay, lambda, value, trainPerClass);
    }

    public HeadRetrainingConfig withTrainPerClass(int value) {
        return new HeadRetrainingConfig(learningRate, momentum, weightDecay, lambda, epochs, value);
    }
}
