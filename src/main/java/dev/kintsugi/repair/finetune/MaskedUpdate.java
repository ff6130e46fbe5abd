package dev.kintsugi.repair.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient steps that change only chosen entries of chosen parameters, the rest of the network keeping its
 * values: I-Repair's masked RMSprop step ({@code Repairer._apply_masks}) and INNER's masked SGD
 * ({@code MySGD} with {@code assign_mask}). Gradients are read per parameter into Java arrays and the step
 * is applied there, so a mask is an ordinary {@code float[]} of 0s and 1s and the update rule is written
 * once, in the optimiser's own formula. {@link LossTraining} stays the loop for whole-network fine-tuning.
 */
public final class MaskedUpdate {
    /**
     * One trainable parameter: its layer (a child of the top-level block), its name within that layer
     * (nested names for composite layers such as residual blocks) and the DJL parameter.
     */
    public record Param(int layer, String name, Parameter parameter) {
        /** {@code layer/name}, the key of gradient, mask and optimiser-state maps. */
        public String key() {
            return layer + "/" + name;
        }

        public float[] values() {
            return parameter.getArray().toFloatArray();
        }

        public int size() {
            return Math.toIntExact(parameter.getArray().size());
        }

        /** Overwrites the values in place; never inside a gradient collector. */
        public void set(float[] values) {
            parameter.getArray().set(values);
        }
    }

    /** The loss of one batch from the network's outputs, summed (not averaged) over the batch's samples. */
    @FunctionalInterface
    public interface SumLoss {
        NDArray loss(NDArray outputs, NDArray labels);
    }

    private MaskedUpdate() {
    }

    /** Every parameter of {@code network} that records gradients, layer by layer. */
    public static List<Param> trainable(Network network) {
        List<Param> out = new ArrayList<>();
        int layers = network.block().getChildren().size();
        for (int layer = 0; layer < layers; layer++) {
            out.addAll(trainable(network, layer));
        }
        return out;
    }

    /** The parameters of one layer that record gradients. */
    public static List<Param> trainable(Network network, int layer) {
        List<Param> out = new ArrayList<>();
        Block b = network.block().getChildren().get(layer).getValue();
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(new Param(layer, p.getKey(), p.getValue()));
            }
        }
        return out;
    }

    /**
     * The gradient of (1/n)·Σ_i loss(x_i) over the {@code n} inputs of {@code data} with respect to each of
     * {@code params}, keyed by {@link Param#key()}; zero gradients when {@code data} is empty. The network
     * runs in inference mode unless {@code training} (batch norm then uses batch statistics and updates its
     * running ones, dropout is on).
     */
    public static Map<String, float[]> gradients(Network network, List<Param> params, Dataset data, SumLoss loss,
                                                 boolean training) {
        Map<String, float[]> sum = new LinkedHashMap<>();
        for (Param p : params) {
            sum.put(p.key(), new float[p.size()]);
        }
        int n = data.size();
        if (n == 0) {
            return sum;
        }
        int step = 256;
        Batches batches = new Batches(data, step);
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            try (NDManager sub = network.manager().newSubManager()) {
                NDArray x = batches.inputs(sub, null, from, to);
                NDArray y = batches.labels(sub, null, from, to);
                Map<String, float[]> g = gradients(network, params, () -> loss.loss(network.forward(x, training), y));
                for (Param p : params) {
                    float[] v = g.get(p.key());
                    float[] acc = sum.get(p.key());
                    for (int i = 0; i < v.length; i++) {
                        acc[i] += v[i];
                    }
                }
            }
        }
        for (float[] acc : sum.values()) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] /= n;
            }
        }
        return sum;
    }

    /**
     * The gradient of one scalar {@code loss} (built inside the call, so that it is recorded) with respect to
     * each of {@code params}; the network's accumulated gradients are zero before and after.
     */
    public static Map<String, float[]> gradients(Network network, List<Param> params,
                                                 java.util.function.Supplier<NDArray> loss) {
        network.zeroGradients();
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            gc.backward(loss.get());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : params) {
            try (NDArray g = p.parameter().getArray().getGradient()) {
                out.put(p.key(), g.toFloatArray());
            }
        }
        network.zeroGradients();
        return out;
    }

    /** Summed softmax cross-entropy of a batch's outputs against its labels. */
    public static NDArray crossEntropySum(NDArray outputs, NDArray labels) {
        int classes = (int) outputs.getShape().get(1);
        return outputs.logSoftmax(1).mul(labels.oneHot(classes)).sum().neg();
    }

    /** How many entries of {@code masks} are 1, over all parameters. */
    public static long selected(Map<String, float[]> masks) {
        long n = 0;
        for (float[] m : masks.values()) {
            for (float v : m) {
                n += v != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Plain SGD, w ← w − lr·(m ⊙ g), on every parameter of {@code params}; a parameter without an entry in
     * {@code masks} is updated in full (INNER's {@code MySGD} masks only the tensor its mask fits).
     */
    public static void sgd(List<Param> params, Map<String, float[]> grads, Map<String, float[]> masks, double lr) {
        for (Param p : params) {
            float[] w = p.values();
            float[] g = grads.get(p.key());
            float[] m = masks.get(p.key());
            for (int i = 0; i < w.length; i++) {
                float gi = m == null ? g[i] : g[i] * m[i];
                w[i] -= (float) lr * gi;
            }
            p.set(w);
        }
    }

    /**
     * PyTorch's {@code torch.optim.RMSprop} (no momentum, not centred, no weight decay) applied to masked
     * gradients: v ← α·v + (1 − α)·g², w ← w − lr·g / (√v + ε) with g = m ⊙ ∇. Masked entries get g = 0, so
     * they do not move while their running average decays, as in the original where the mask zeroes the
     * gradient before {@code optimizer.step()}.
     */
    public static final class RmsProp {
        private final double lr;
        private final double alpha;
        private final double eps;
        private final Map<String, float[]> squareAverage = new LinkedHashMap<>();

        public RmsProp(double lr, double alpha, double eps) {
            this.lr = lr;
            this.alpha = alpha;
            this.eps = eps;
        }

        /** PyTorch's defaults: α = 0.99, ε = 1e-8. */
        public static RmsProp torchDefaults(double lr) {
            return new RmsProp(lr, 0.99, 1e-8);
        }

        public void step(List<Param> params, Map<String, float[]> grads, Map<String, float[]> masks) {
            float a = (float) alpha;
            for (Param p : params) {
                float[] w = p.values();
                float[] g = grads.get(p.key());
                float[] m = masks.get(p.key());
                float[] v = squareAverage.computeIfAbsent(p.key(), k -> new float[w.length]);
                for (int i = 0; i < w.length; i++) {
                    float gi = m == null ? g[i] : g[i] * m[i];
                    v[i] = a * v[i] + (1 - a) * gi * gi;
                    w[i] -= (float) (lr * gi / (Math.sqrt(v[i]) + eps));
                }
                p.set(w);
            }
        }
    }
}
