package dev.kintsugi.repair.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Network;

/**
 * The input of one layer for every sample of a dataset, computed once. Approaches that only change
 * that layer and what follows (Arachne, CARE, GenMuNN on the output layer) then evaluate each candidate
 * from the cache instead of re-running the frozen prefix: for the linear output layer a candidate costs
 * one small matrix product, in plain Java, with no engine calls.
 */
public final class ActivationCache {
    private final int layer;
    private final int width;
    private final float[] activations;
    private final int[] labels;

    private ActivationCache(int layer, int width, float[] activations, int[] labels) {
        this.layer = layer;
        this.width = width;
        this.activations = activations;
        this.labels = labels;
    }

    /** Runs {@code network}'s layers {@code 0..layer-1} over {@code data} once, in batches. */
    public static ActivationCache of(Network network, Dataset data, int layer) {
        int n = data.size();
        int batch = 256;
        Batches batches = new Batches(data, batch);
        float[] out = null;
        int width = 0;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray a = network.activationsBefore(layer, batches.inputs(sub, null, from, to));
                float[] values = a.toFloatArray();
                if (out == null) {
                    width = values.length / (to - from);
                    out = new float[n * width];
                }
                System.arraycopy(values, 0, out, from * width, values.length);
            }
        }
        return new ActivationCache(layer, width, out == null ? new float[0] : out, data.labels());
    }

    public int layer() {
        return layer;
    }

    public int size() {
        return labels.length;
    }

    /** Values per sample (the layer's flattened input size). */
    public int width() {
        return width;
    }

    public int label(int i) {
        return labels[i];
    }

    public float value(int sample, int feature) {
        return activations[sample * width + feature];
    }

    /**
     * Logits of a linear layer {@code W [k x width]}, {@code b [k]} for sample {@code i}, into {@code out}.
     * {@code columnScale} (may be null) multiplies each input feature first: CARE's neuron factors.
     */
    public void linearLogits(int i, float[] w, float[] b, float[] columnScale, double[] out) {
        int k = out.length;
        int base = i * width;
        for (int c = 0; c < k; c++) {
            double z = b[c];
            int row = c * width;
            if (columnScale == null) {
                for (int j = 0; j < width; j++) {
                    z += w[row + j] * activations[base + j];
                }
            } else {
                for (int j = 0; j < width; j++) {
                    z += w[row + j] * columnScale[j] * activations[base + j];
                }
            }
            out[c] = z;
        }
    }

    /** Per-sample outcome of a linear head: whether it is right and its cross-entropy loss. */
    public record Outcome(boolean[] correct, double[] loss) {
        public int correctCount() {
            int n = 0;
            for (boolean c : correct) {
                n += c ? 1 : 0;
            }
            return n;
        }
    }

    /** Evaluates a linear head on every cached sample. */
    public Outcome evaluateLinear(float[] w, float[] b, float[] columnScale) {
        int k = b.length;
        double[] z = new double[k];
        boolean[] correct = new boolean[size()];
        double[] loss = new double[size()];
        for (int i = 0; i < size(); i++) {
            linearLogits(i, w, b, columnScale, z);
            int arg = 0;
            double max = z[0];
            for (int c = 1; c < k; c++) {
                if (z[c] > max) {
                    max = z[c];
                    arg = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[c] - max);
            }
            correct[i] = arg == labels[i];
            loss[i] = Math.log(sum) + max - z[labels[i]];
        }
        return new Outcome(correct, loss);
    }
}
