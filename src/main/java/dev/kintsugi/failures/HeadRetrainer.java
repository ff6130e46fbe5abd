package dev.kintsugi.failures;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.cache.ActivationCache;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's mitigation: retrain only the linear output layer on the frozen feature extractor, with
 * L = L(original_train) + λ·L(debug_train) (its equation 1), by SGD with momentum and weight decay
 * ({@link HeadRetrainingConfig}). Features (the head's inputs) are computed once and cached.
 *
 * <p>Two choices the paper leaves open, stated here: (1) the head starts from the model's own head rather
 * than from random values; with weight decay the loss is strictly convex in the head, so the start changes
 * only how fast it converges, not where; (2) the features are multiplied by one constant so their mean
 * squared norm is 1 before the updates (and the result is folded back into the head), because the paper's
 * learning rate 0.2 with momentum 0.9 assumes features of about unit scale and diverges on ReLU features of
 * norm ~10; a single scale is a linear change of variables, so the model stays a linear head on the same
 * features.
 */
public final class HeadRetrainer implements Mitigation {
    private static final int LOSS_EVERY = 50;

    private final HeadRetrainingConfig config;

    public HeadRetrainer(HeadRetrainingConfig config) {
        this.config = config;
    }

    public HeadRetrainingConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "head";
    }

    /** Reads and rewrites only the output layer, so a TorchScript module with a declared head works too. */
    @Override
    public void checkRunsOn(Network original) {
        original.requireOutputLayer("head retraining");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("learningRate", config.learningRate());
        s.put("momentum", config.momentum());
        s.put("weightDecay", config.weightDecay());
        s.put("lambda", config.lambda());
        s.put("epochs", config.epochs());
        s.put("batch", "full (one step per epoch)");
        s.put("trainPerClass", config.trainPerClass());
        return s;
    }

    /** A retrained head in the network's own feature space, and the total loss along the way. */
    public record Fit(float[] weight, float[] bias, List<Double> lossCurve) {
        public double initialLoss() {
            return lossCurve.get(0);
        }

        public double finalLoss() {
            return lossCurve.get(lossCurve.size() - 1);
        }
    }

    @Override
    public Network mitigate(Network original, Splits splits, Dataset debugTrain, long seed, PrintStream log) {
        Dataset train = originalTrain(splits.train(), config.trainPerClass(), seed);
        int head = original.headIndex();
        ActivationCache trainFeatures = ActivationCache.of(original, train, head);
        ActivationCache debugFeatures = ActivationCache.of(original, debugTrain, head);
        return withHead(original, fit(original, trainFeatures, debugFeatures));
    }

    /** original_train: {@code perClass} images of each class, a seeded draw; all of {@code train} for 0. */
    public static Dataset originalTrain(Dataset train, int perClass, long seed) {
        return perClass == 0 ? train : ClassSample.perClass(train, perClass, seed, train.name() + "/original-train");
    }

    /** Retrains the head of {@code original} on cached head inputs; {@code debug} may be null (λ·0). */
    public Fit fit(Network original, ActivationCache train, ActivationCache debug) {
        int head = original.headIndex();
        Layer layer = original.layers().get(head);
        if (!"Linear".equals(layer.kind())) {
            throw new KintsugiException("head retraining needs a linear output layer; " + layer.name() + " is a "
                    + layer.kind());
        }
        float[] w0 = original.parameterValues(head, "weight");
        float[] b0 = original.parameterValues(head, "bias");
        int k = b0.length;
        int d = train.width();
        if (w0.length != k * d || (debug != null && debug.width() != d)) {
            throw new KintsugiException("the head's weight does not match the cached features (" + w0.length
                    + " values, " + k + " classes, " + d + " features)");
        }
        float scale = featureScale(train);
        List<Double> curve = new ArrayList<>();
        try (NDManager m = original.manager().newSubManager()) {
            Term orig = Term.of(m, train, k, scale, 1.0);
            Term dbg = debug == null || debug.size() == 0 || config.lambda() == 0 ? null
                    : Term.of(m, debug, k, scale, config.lambda());
            // In the scaled space W_s = W / scale gives the same logits: W_s (scale f) = W f.
            NDArray w = Scalars.div(m.create(w0, new Shape(k, d)), scale);
            NDArray b = m.create(b0, new Shape(k));
            NDArray vw = m.zeros(new Shape(k, d));
            NDArray vb = m.zeros(new Shape(k));
            float lr = (float) config.learningRate();
            float mu = (float) config.momentum();
            float wd = (float) config.weightDecay();
            for (int epoch = 0; epoch <= config.epochs(); epoch++) {
                boolean record = epoch % LOSS_EVERY == 0 || epoch == config.epochs();
                try (NDManager t = m.newSubManager()) {
                    for (NDArray a : new NDArray[] {w, b, vw, vb}) {
                        a.attach(t);
                    }
                    NDArray[] g = orig.gradient(w, b, record);
                    NDArray gw = g[0];
                    NDArray gb = g[1];
                    double loss = record ? g[2].getFloat() : Double.NaN;
                    if (dbg != null) {
                        NDArray[] h = dbg.gradient(w, b, record);
                        gw = gw.add(h[0]);
                        gb = gb.add(h[1]);
                        loss += record ? h[2].getFloat() : 0;
                    }
                    if (record) {
                        curve.add(loss + 0.5 * wd * (w.square().sum().getFloat() + b.square().sum().getFloat()));
                    }
                    if (epoch == config.epochs()) {
                        // the last pass only measures the loss of the final head
                        for (NDArray a : new NDArray[] {w, b, vw, vb}) {
                            a.attach(m);
                        }
                        break;
                    }
                    gw = gw.add(Scalars.mul(w, wd));
                    gb = gb.add(Scalars.mul(b, wd));
                    // PyTorch's SGD: v = μ v + g; p = p - lr v
                    NDArray nvw = Scalars.mul(vw, mu).add(gw);
                    NDArray nvb = Scalars.mul(vb, mu).add(gb);
                    NDArray nw = w.sub(Scalars.mul(nvw, lr));
                    NDArray nb = b.sub(Scalars.mul(nvb, lr));
                    for (NDArray a : new NDArray[] {nw, nb, nvw, nvb}) {
                        a.attach(m);
                    }
                    w = nw;
                    b = nb;
                    vw = nvw;
                    vb = nvb;
                }
            }
            float[] weight = Scalars.mul(w, scale).toFloatArray();
            return new Fit(weight, b.toFloatArray(), curve);
        }
    }

    /** A copy of {@code original} with the fitted head; every other parameter is untouched. */
    public static Network withHead(Network original, Fit fit) {
        Network copy = original.copy();
        int head = copy.headIndex();
        copy.setParameterValues(head, "weight", fit.weight());
        copy.setParameterValues(head, "bias", fit.bias());
        return copy;
    }

    /** 1 / sqrt(mean squared feature norm) over the original training features. */
    static float featureScale(ActivationCache train) {
        double sum = 0;
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < train.width(); j++) {
                double v = train.value(i, j);
                sum += v * v;
            }
        }
        double meanSquare = sum / Math.max(1, train.size());
        return meanSquare > 0 ? (float) (1.0 / Math.sqrt(meanSquare)) : 1f;
    }

    /** One weighted term of the loss: features (transposed), one-hot labels and the term's weight / n. */
    private record Term(NDArray featuresT, NDArray features, NDArray oneHotT, float weightPerSample) {
        static Term of(NDManager m, ActivationCache cache, int k, float scale, double weight) {
            int n = cache.size();
            int d = cache.width();
            float[] f = new float[n * d];
            float[] y = new float[k * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    f[i * d + j] = cache.value(i, j) * scale;
                }
                y[cache.label(i) * n + i] = 1f;
            }
            NDArray features = m.create(f, new Shape(n, d));
            return new Term(features.transpose().duplicate(), features, m.create(y, new Shape(k, n)),
                    (float) (weight / n));
        }

        /** Gradient of weight·mean cross-entropy w.r.t. W and b, and (if asked) the weighted loss. */
        NDArray[] gradient(NDArray w, NDArray b, boolean withLoss) {
            NDArray logitsT = w.matMul(featuresT).add(b.expandDims(1));
            NDArray residual = Scalars.mul(logitsT.softmax(0).sub(oneHotT), weightPerSample);
            NDArray gw = residual.matMul(features);
            NDArray gb = residual.sum(new int[] {1});
            NDArray loss = withLoss ? Scalars.mul(logitsT.logSoftmax(0).mul(oneHotT).sum(), -weightPerSample) : null;
            return new NDArray[] {gw, gb, loss};
        }
    }
}
