package dev.kintsugi.cli;

import ai.djl.ndarray.NDManager;
import dev.kintsugi.model.Classifier;

import java.util.Random;

/** Two classifiers on the same seeded inputs: how an export is checked against the model it came from. */
final class ClassifierChecks {
    private ClassifierChecks() {
    }

    /**
     * {@code samples} raw inputs, uniform in [0, 1): {@code java.util.Random(seed).nextFloat()} for each value in
     * row-major order, so a script outside Java can draw the same ones (tools/check_torchscript_export.py).
     */
    static float[] uniformInputs(Classifier c, int samples, long seed) {
        int per = 1;
        for (int s : c.inputShape()) {
            per *= s;
        }
        float[] x = new float[samples * per];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    /** Logits {@code [samples * classes]} in eval mode. */
    static float[] logits(Classifier c, float[] x, int samples) {
        try (NDManager m = c.manager().newSubManager()) {
            return c.forward(m.create(x, c.batchShape(samples)), false).toFloatArray();
        }
    }

    static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
