package dev.kintsugi.repair.localize;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.finetune.LossTraining;

import java.util.SplittableRandom;

/**
 * A linear classifier ("model probe", Alain and Bengio 2016) reading a network's activations at one point:
 * the flattened input of layer {@code point}. The backbone is never changed: the probe is trained on
 * activations computed once in inference mode. INNER attaches one after every block.
 *
 * @param point   the layer whose input the probe reads
 * @param inputs  the number of activations it reads (flattened)
 * @param classes the number of classes
 * @param weight  row-major {@code [classes, inputs]}
 * @param bias    {@code [classes]}
 */
public record LinearProbe(int point, int inputs, int classes, float[] weight, float[] bias) {
    /** The probe's logits on activations {@code [n, ...]} (flattened per row), in their manager. */
    public NDArray logits(NDArray activations) {
        NDManager m = activations.getManager();
        NDArray flat = activations.reshape(activations.getShape().get(0), -1);
        NDArray w = m.create(weight, new Shape(classes, inputs));
        return flat.matMul(w.transpose()).add(m.create(bias));
    }

    /** The probe's logits on raw inputs: the network runs up to {@code point}, in the given mode. */
    public NDArray logits(Network net, NDArray inputs, boolean training) {
        return logits(net.activationsBefore(point, inputs, training));
    }

    /** Every sample's activations at {@code point}, flattened, row-major {@code [n, d]}; {@code d} is the row width. */
    public static float[] activations(Network net, int point, Dataset data) {
        int step = 256;
        Batches batches = new Batches(data, step);
        float[] out = null;
        int width = 0;
        for (int from = 0; from < data.size(); from += step) {
            int to = Math.min(data.size(), from + step);
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray a = net.activationsBefore(point, batches.inputs(sub, null, from, to));
                float[] v = a.toFloatArray();
                if (out == null) {
                    width = v.length / (to - from);
                    out = new float[data.size() * width];
                }
                System.arraycopy(v, 0, out, from * width, v.length);
            }
        }
        return out == null ? new float[0] : out;
    }

    /**
     * Trains a probe at {@code point} on {@code clean} (INNER's {@code probe_train}): softmax regression with
     * PyTorch's {@code nn.Linear} initialisation (weights and biases uniform in ±1/√d), Adam (β 0.9/0.999,
     * ε 1e-8) at {@code lr}, mean cross-entropy over shuffled mini-batches of {@code batch}, {@code epochs}
     * passes; the final probe is returned.
     */
    public static LinearProbe train(Network net, int point, Dataset clean, int epochs, double lr, int batch, long seed) {
        if (clean.size() == 0) {
            throw new KintsugiException("no clean inputs to train a probe on");
        }
        int n = clean.size();
        int k = net.numClasses();
        float[] table = activations(net, point, clean);
        int d = table.length / n;
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(d);
        float[] w = new float[k * d];
        float[] b = new float[k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-bound, bound);
        }
        for (int i = 0; i < k; i++) {
            b[i] = (float) random.nextDouble(-bound, bound);
        }
        Adam adamW = new Adam(w.length, lr);
        Adam adamB = new Adam(b.length, lr);
        int size = Math.min(batch, n);
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = permutation(n, random);
            for (int from = 0; from < n; from += size) {
                int to = Math.min(n, from + size);
                int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                try (NDManager step = net.manager().newSubManager()) {
                    NDArray x = LossTraining.rows(step, table, d, rows);
                    int[] labels = new int[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        labels[i] = clean.label(rows[i]);
                    }
                    NDArray weight = step.create(w, new Shape(k, d));
                    // the gradient of the mean cross-entropy with respect to the logits: (softmax − one-hot) / batch
                    NDArray diff = Scalars.div(x.matMul(weight.transpose()).add(step.create(b)).softmax(1)
                            .sub(step.create(labels).oneHot(k)), rows.length);
                    adamW.step(w, diff.transpose().matMul(x).toFloatArray());
                    adamB.step(b, diff.sum(new int[] {0}).toFloatArray());
                }
            }
        }
        return new LinearProbe(point, d, k, w, b);
    }

    /** PyTorch's Adam (β 0.9/0.999, ε 1e-8, no weight decay) on one flat tensor, in place. */
    private static final class Adam {
        private final float[] m;
        private final float[] v;
        private final double lr;
        private int t;

        Adam(int size, double lr) {
            this.m = new float[size];
            this.v = new float[size];
            this.lr = lr;
        }

        void step(float[] param, float[] grad) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = Math.sqrt(1 - Math.pow(0.999, t));
            for (int i = 0; i < param.length; i++) {
                m[i] = 0.9f * m[i] + 0.1f * grad[i];
                v[i] = 0.999f * v[i] + 0.001f * grad[i] * grad[i];
                param[i] -= (float) (lr / c1 * m[i] / (Math.sqrt(v[i]) / c2 + 1e-8));
            }
        }
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
