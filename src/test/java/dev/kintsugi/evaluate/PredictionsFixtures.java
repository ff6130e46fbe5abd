package dev.kintsugi.evaluate;

/** Hand-made predictions for metric tests: probabilities are one-hot on the predicted class. */
final class PredictionsFixtures {
    private PredictionsFixtures() {
    }

    static Predictions predictions(int classes, int[] labels, int[] predicted) {
        float[] p = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            p[i * classes + predicted[i]] = 1f;
        }
        return new Predictions("hand-made", labels, predicted, p, classes);
    }
}
