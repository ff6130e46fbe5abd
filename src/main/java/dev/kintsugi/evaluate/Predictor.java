package dev.kintsugi.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Classifier;

/** Batched inference of a network over a dataset, with bounded memory (one sub-manager per batch). */
public final class Predictor {
    public static final int DEFAULT_BATCH = 256;

    private Predictor() {
    }

    public static Predictions predict(Classifier network, Dataset data) {
        return predict(network, data, DEFAULT_BATCH);
    }

    public static Predictions predict(Classifier network, Dataset data, int batchSize) {
        int n = data.size();
        int k = network.numClasses();
        int[] predicted = new int[n];
        float[] probabilities = new float[n * k];
        Batches batches = new Batches(data, batchSize);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray logits = network.forward(batches.inputs(sub, null, from, to), false);
                float[] p = logits.softmax(1).toFloatArray();
                System.arraycopy(p, 0, probabilities, from * k, p.length);
            }
        }
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[i * k + c] > probabilities[i * k + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return new Predictions(data.name(), data.labels(), predicted, probabilities, k);
    }
}
