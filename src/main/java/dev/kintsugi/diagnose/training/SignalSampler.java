package dev.kintsugi.diagnose.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.BatchEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures one sampled batch: weight-gradient statistics per layer (from the gradients the trainer just
 * computed) and activation statistics per layer (one extra inference-mode forward pass through the network's
 * taps on at most {@code tapSamples} inputs). Arrays made from the batch live in its sub-manager; arrays made
 * from parameters are closed here.
 */
final class SignalSampler {
    private SignalSampler() {
    }

    static GradientSample gradients(BatchEvent e) {
        Network net = e.network();
        List<Integer> layers = new ArrayList<>();
        List<double[]> stats = new ArrayList<>();
        double sq = 0;
        int index = 0;
        for (Pair<String, ai.djl.nn.Block> child : net.block().getChildren()) {
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                NDArray w = p.getValue().getArray();
                if (!p.getValue().requiresGradient() || !w.hasGradient()) {
                    continue;
                }
                try (NDArray g = w.getGradient(); NDArray s = g.square().sum()) {
                    double sumSq = s.getFloat();
                    sq += sumSq;
                    if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                        try (NDArray zero = g.eq(0).toType(DataType.FLOAT32, false).mean();
                             NDArray abs = g.abs().mean()) {
                            layers.add(index);
                            stats.add(new double[] {Math.sqrt(sumSq), zero.getFloat(), abs.getFloat(), g.size()});
                        }
                    }
                }
            }
            index++;
        }
        int n = layers.size();
        double[] norms = new double[n];
        double[] zero = new double[n];
        double[] meanAbs = new double[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = (long) stats.get(i)[3];
            norms[i] = stats.get(i)[0];
            zero[i] = stats.get(i)[1];
            meanAbs[i] = stats.get(i)[2];
        }
        return new GradientSample(e.epoch(), e.step(), layers.stream().mapToInt(Integer::intValue).toArray(), norms,
                zero, meanAbs, sizes, Math.sqrt(sq));
    }

    static ActivationSample activations(BatchEvent e, DoctorThresholds t) {
        Network net = e.network();
        long batch = e.inputs().getShape().get(0);
        NDArray x = batch > t.tapSamples() ? e.inputs().get("0:" + t.tapSamples()) : e.inputs();
        List<NDArray> taps = net.forwardWithTaps(x);
        List<Layer> layers = net.layers();
        List<ActivationSample.LayerActivation> out = new ArrayList<>();
        for (int i = 0; i < taps.size(); i++) {
            NDArray a = taps.get(i);
            NDArray flat = a.reshape(a.getShape().get(0), -1);
            String activation = activationOf(layers.get(i));
            double mean = flat.mean().getFloat();
            double variance = flat.sub((float) mean).square().mean().getFloat();
            boolean finite = Double.isFinite(flat.abs().sum().getFloat());
            double dead = Double.NaN;
            double saturated = Double.NaN;
            if ("relu".equals(activation)) {
                dead = flat.gt(0).toType(DataType.FLOAT32, false).sum(new int[] {0}).eq(0)
                        .toType(DataType.FLOAT32, false).mean().getFloat();
            } else if ("sigmoid".equals(activation) || "tanh".equals(activation)) {
                NDArray pre = i == 0 ? x : taps.get(i - 1);
                saturated = pre.abs().gt((float) t.saturationLimit()).toType(DataType.FLOAT32, false).mean().getFloat();
            }
            out.add(new ActivationSample.LayerActivation(i, layers.get(i).name(), activation, mean, variance, dead,
                    saturated, finite));
        }
        NDArray logits = taps.get(taps.size() - 1);
        double probabilityLike = probabilityLike(logits);
        // The statistics of the inputs as the network sees them: its normalisation is affine and increasing.
        ArchitectureSpec.Normalization n = net.spec().normalization();
        double m = n == null ? 0 : n.mean();
        double sd = n == null ? 1 : n.std();
        double min = (x.min().getFloat() - m) / sd;
        double max = (x.max().getFloat() - m) / sd;
        double mean = x.mean().getFloat();
        double std = Math.sqrt(Math.max(0, x.sub((float) mean).square().mean().getFloat()));
        return new ActivationSample(e.epoch(), e.step(), List.copyOf(out), min, max, (mean - m) / sd, std / sd,
                probabilityLike);
    }

    /** Share of rows that are already probability vectors: entries in [0, 1] summing to 1. */
    private static double probabilityLike(NDArray logits) {
        if (logits.getShape().dimension() != 2) {
            return 0;
        }
        NDArray lo = logits.min(new int[] {1}).gte(-1e-6f);
        NDArray hi = logits.max(new int[] {1}).lte(1 + 1e-6f);
        NDArray sum = logits.sum(new int[] {1}).sub(1f).abs().lt(1e-3f);
        return lo.logicalAnd(hi).logicalAnd(sum).toType(DataType.FLOAT32, false).mean().getFloat();
    }

    /** Whether any parameter holds NaN or infinity (one reduction per parameter, closed at once). */
    static boolean weightsFinite(Network net) {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            try (NDArray s = p.getValue().getArray().abs().sum()) {
                if (!Double.isFinite(s.getFloat())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The activation function a layer applies ({@code relu}, {@code sigmoid}, ...), or null if it is none. */
    static String activationOf(Layer layer) {
        String kind = layer.kind().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return switch (kind) {
            case "relu" -> "relu";
            case "sigmoid" -> "sigmoid";
            case "tanh" -> "tanh";
            case "selu" -> "selu";
            case "elu" -> "elu";
            case "leakyrelu" -> "leaky-relu";
            case "gelu" -> "gelu";
            default -> null;
        };
    }
}
