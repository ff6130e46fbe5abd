package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Losses;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.repair.finetune.MaskedUpdate;
import dev.kintsugi.repair.finetune.MaskedUpdate.Param;
import dev.kintsugi.repair.localize.LinearProbe;
import dev.kintsugi.train.Augmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * INNER, interpretability-based neural repair (ISSTA 2024), following its released code
 * ({@code main.py}: {@code train_only_probe}, {@code anomaly_select}, {@code get_routing_per_layer},
 * {@code single_img_optim}, {@code get_weight_mask}, {@code repair_mid_layers}, {@code layer_rep};
 * {@code utils/my_optim.py}: {@code MySGD}).
 * <ol>
 *   <li><b>Blocks and probes.</b> A block is a layer with weights before the output layer (a Conv or Linear
 *       layer, or a whole residual block); its probe is a linear classifier on the flattened input of the
 *       next layer with weights, i.e. after the block's activation and pooling ({@link LinearProbe}). Probes
 *       are trained on {@code probeSamples} = 1,000 clean inputs (Adam, lr 0.01, batch 128, 50 epochs) with
 *       the backbone frozen.</li>
 *   <li><b>Layer choice</b> ({@code anomaly_select}): softmax of each probe on the first 30 correctly
 *       classified clean inputs and on the first 30 failing inputs, averaged per probe into c and b; the
 *       score is −Σ |b|·log(|c| + 1e-7); the {@code layers} = 3 highest-scoring blocks are repaired.</li>
 *   <li><b>Fault weights</b> ({@code single_img_optim}, {@code get_weight_mask}): for each of up to 100
 *       failing inputs (seeded order), a mask r ∈ [0, 1] over each weight tensor of the block, starting at 1,
 *       takes 40 steps r ← clamp(r − 0.009·g − 0.005·sign(r), 0, 1), where g is the gradient of
 *       CE(probe(f_{W⊙r}(x)), self-label) with respect to the masked weights W⊙r (as the code computes it:
 *       {@code p.grad} of the parameter holding W⊙r, not the chain-ruled gradient with respect to r) and the
 *       self-label is the original network's probe prediction. A weight counts once per input when its r
 *       is above the mean of its tensor's r. As released (the {@code if cnt >= topk: break} cut is commented
 *       out), every weight counted at least once is a fault weight; {@code neurons} = N > 0 keeps only the
 *       N most counted (ties in the order the code's dictionary first meets them), the paper's
 *       {@code neuron_num} (100). The released behaviour is the default because it is the code the study ran;
 *       with it many weights are counted at least once (all 24 of the reference fixture's block over its 7
 *       inputs), so the update can be close to unmasked.</li>
 *   <li><b>Repair</b> ({@code repair_mid_layers}, {@code layer_rep}): up to 20 epochs; in each, for each
 *       chosen block, one pass of {@code MySGD} (plain SGD, lr 7e-4, no momentum) over batches of 64
 *       failing inputs paired in order with batches of clean inputs, on
 *       0.8·CE(probe(x_fail), y) + 0.2·softCE_{T=3}(probe(x_fail), probe(x_clean)), network in train mode;
 *       the mask applies to the block's weight tensors, the block's other parameters (biases, batch-norm
 *       γ/β) are updated in full, as in {@code MySGD}, which masks only tensors of the mask's size; no other
 *       layer changes. Then 2 "clean" epochs of CE on the network's output over augmented failing inputs,
 *       same masked update. After each half it stops once the clean accuracy is at least the accuracy
 *       before minus 0.1 and the failure rate is below 0.15.</li>
 * </ol>
 * Adaptations for misclassification repair ({@code rep_type = mis}), where the released code is written
 * for backdoors: failing inputs are the repair split's negatives; clean inputs are its positives (paired
 * with the failing ones) and, for the probes, a seeded sample of the training split (the code uses clean
 * test images; the test split is never used here); the stopping check measures clean accuracy on up to
 * 1,000 inputs of the valid split and the failure rate on the valid inputs the original got wrong (the
 * code's attack-success rate on its validation backdoor set; threshold 0.15, its default). Augmentation is
 * Kintsugi's random shift of up to 2 pixels (the code rotates, crops and flips). Probes are trained on
 * activations computed in inference mode (the code trains them in train mode, which also moves the
 * backbone's batch-norm statistics) and the last epoch's probe is used. Routing runs in inference mode.
 * Counting is per weight tensor (the code pools flat indices over the block's tensors, which coincide for
 * blocks with one weight tensor: every zoo block but resnet-small's residual blocks).
 *
 * <p>Runs on every zoo architecture that has a layer with weights before its output layer (all five do).
 * Options: {@code probeSamples}, {@code probeEpochs}, {@code layers}, {@code routingInputs},
 * {@code routingSteps}, {@code neurons}, {@code epochs}, {@code cleanEpochs}, {@code lr}, {@code alpha}
 * (the label term's weight, 0.8), {@code temperature}.
 */
public final class Inner implements RepairApproach {
    /** Routing's step size and sparsity pull, {@code single_img_optim}'s 0.009 and {@code alpha=0.005}. */
    static final double ROUTING_LR = 0.009;
    static final double ROUTING_SPARSITY = 0.005;
    /** {@code anomaly_select} uses the first 30 inputs of each kind. */
    static final int ANOMALY_SAMPLES = 30;
    /** The released code's stopping threshold on the attack-success (here: failure) rate. */
    static final double FAILURE_THRESHOLD = 0.15;

    /** A block: a layer with weights before the output layer, and the layer whose input its probe reads. */
    record Block(int layer, int point) {
    }

    @Override
    public String name() {
        return "inner";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "Chen et al., INNER, ISSTA 2024";
    }

    @Override
    public String summary() {
        return "probes per block pick layers; per-input weight routing finds fault weights; masked SGD + probe distillation";
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "cleanEpochs", "epochs", "layers", "lr", "neurons", "probeEpochs", "probeSamples", "routingInputs", "routingSteps", "temperature"));
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int probeSamples = context.intOption("probeSamples", 1000);
            int probeEpochs = context.intOption("probeEpochs", 50);
            int layerCount = context.intOption("layers", 3);
            int routingInputs = context.intOption("routingInputs", 100);
            int routingSteps = context.intOption("routingSteps", 40);
            int neurons = context.intOption("neurons", 0);
            int epochs = context.intOption("epochs", 20);
            int cleanEpochs = context.intOption("cleanEpochs", 2);
            double lr = context.doubleOption("lr", 7e-4);
            double alpha = context.doubleOption("alpha", 0.8);
            double temperature = context.doubleOption("temperature", 3);
            if (layerCount < 1 || routingInputs < 1 || lr <= 0 || temperature <= 0 || alpha < 0 || alpha > 1) {
                throw new KintsugiException("inner needs layers >= 1, routingInputs >= 1, lr > 0, temperature > 0"
                        + " and alpha in [0, 1]");
            }
            List<Block> blocks = blocks(fixed);
            if (blocks.isEmpty()) {
                throw new KintsugiException("inner needs a layer with weights before the output layer to probe");
            }
            Dataset failing = context.negatives();
            Dataset clean = context.positives();
            Dataset probeData = FineTuning.replay(context.train(), probeSamples, context.seed());
            List<LinearProbe> probes = new ArrayList<>();
            for (Block b : blocks) {
                probes.add(LinearProbe.train(fixed, b.point(), probeData, probeEpochs, 0.01, 128, context.seed()));
            }
            double[] scores = layerScores(fixed, probes, clean, failing);
            int[] chosen = dev.kintsugi.repair.localize.ParetoFront.top(scores, Math.min(layerCount, blocks.size()));
            int[] routingOrder = shuffled(failing.size(), context.seed());
            Dataset routed = failing.subset(failing.name() + "/routed",
                    Arrays.copyOf(routingOrder, Math.min(routingInputs, failing.size())));
            Map<Integer, Map<String, float[]>> masks = new LinkedHashMap<>();
            Map<String, Integer> faultWeights = new LinkedHashMap<>();
            for (int c : chosen) {
                Block b = blocks.get(c);
                FaultCounts counts = new FaultCounts();
                for (int i = 0; i < routed.size(); i++) {
                    counts.add(route(fixed, b.layer(), probes.get(c), routed.sample(i), routingSteps));
                }
                Map<String, float[]> m = counts.mask(neurons);
                masks.put(c, m);
                faultWeights.put(fixed.layers().get(b.layer()).name(), (int) MaskedUpdate.selected(m));
            }
            details.put("blocks", blocks.stream().map(b -> fixed.layers().get(b.layer()).name()).toList());
            details.put("layerScores", scores);
            details.put("repairedBlocks", Arrays.stream(chosen).mapToObj(c -> fixed.layers().get(blocks.get(c).layer())
                    .name()).toList());
            details.put("faultWeights", faultWeights);

            Stop stop = new Stop(fixed, context.valid());
            Augmentation augmentation = Augmentation.standard(context.seed());
            List<String> history = new ArrayList<>();
            int epoch = 0;
            boolean satisfied = false; // the code repairs at least once before it checks
            while (!satisfied && epoch < epochs && !context.outOfTime()) {
                epoch++;
                for (int c : chosen) {
                    Block b = blocks.get(c);
                    distillationPass(fixed, b.layer(), probes.get(c), failing, clean, masks.get(c), lr, alpha,
                            temperature);
                }
                satisfied = stop.satisfied(fixed);
                history.add(stop.describe(fixed));
                if (!satisfied) {
                    for (int e2 = 0; e2 < cleanEpochs; e2++) {
                        for (int c : chosen) {
                            cleanPass(fixed, blocks.get(c).layer(), failing, augmentation, masks.get(c), lr);
                        }
                    }
                    satisfied = stop.satisfied(fixed);
                    history.add(stop.describe(fixed));
                }
                context.guard().consider(fixed, "inner epoch " + epoch);
            }
            details.put("epochs", epoch);
            details.put("stopReason", satisfied ? "clean accuracy kept and failure rate below 0.15"
                    : epoch >= epochs ? "max epochs" : "time budget");
            details.put("validByHalfEpoch", history);
        });
    }

    /** Layers with a weight tensor before the output layer, each with the next such layer (its probe point). */
    static List<Block> blocks(Network net) {
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i <= net.headIndex(); i++) {
            if (!weightParams(net, i).isEmpty()) {
                weighted.add(i);
            }
        }
        List<Block> out = new ArrayList<>();
        for (int j = 0; j + 1 < weighted.size(); j++) {
            out.add(new Block(weighted.get(j), weighted.get(j + 1)));
        }
        return out;
    }

    /** The weight tensors of a layer (Conv/Linear weights, not biases or batch-norm γ/β): what routing masks. */
    static List<Param> weightParams(Network net, int layer) {
        return MaskedUpdate.trainable(net, layer).stream().filter(p -> p.name().endsWith("weight")).toList();
    }

    /**
     * {@code anomaly_select}: per probe, −Σ_c |b_c|·log(|c_c| + 1e-7) with c and b the mean probe softmax
     * over the first 30 clean inputs the network classifies correctly and the first 30 failing inputs.
     */
    static double[] layerScores(Network net, List<LinearProbe> probes, Dataset clean, Dataset failing) {
        Predictions p = Predictor.predict(net, clean);
        int[] right = java.util.stream.IntStream.range(0, clean.size()).filter(p::correct).limit(ANOMALY_SAMPLES)
                .toArray();
        Dataset c = clean.subset(clean.name() + "/anomaly", right);
        Dataset b = failing.subset(failing.name() + "/anomaly",
                java.util.stream.IntStream.range(0, Math.min(ANOMALY_SAMPLES, failing.size())).toArray());
        double[] scores = new double[probes.size()];
        for (int l = 0; l < probes.size(); l++) {
            double[] cm = meanSoftmax(net, probes.get(l), c);
            double[] bm = meanSoftmax(net, probes.get(l), b);
            double s = 0;
            for (int k = 0; k < cm.length; k++) {
                s -= Math.abs(bm[k]) * Math.log(Math.abs(cm[k]) + 1e-7);
            }
            scores[l] = s;
        }
        return scores;
    }

    private static double[] meanSoftmax(Network net, LinearProbe probe, Dataset data) {
        double[] mean = new double[probe.classes()];
        if (data.size() == 0) {
            return mean;
        }
        try (NDManager sub = net.manager().newSubManager()) {
            NDArray x = new Batches(data, data.size()).inputs(sub, null, 0, data.size());
            float[] s = probe.logits(net, x, false).softmax(1).toFloatArray();
            for (int i = 0; i < data.size(); i++) {
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += s[i * mean.length + k] / data.size();
                }
            }
        }
        return mean;
    }

    /**
     * {@code single_img_optim} on one input: the routing mask r of each weight tensor of {@code layer}
     * after {@code steps} steps, keyed by {@link Param#key()}. The network's weights are restored.
     */
    static Map<String, float[]> route(Network net, int layer, LinearProbe probe, float[] input, int steps) {
        List<Param> params = weightParams(net, layer);
        Map<String, float[]> original = new LinkedHashMap<>();
        Map<String, float[]> r = new LinkedHashMap<>();
        for (Param p : params) {
            original.put(p.key(), p.values());
            float[] ones = new float[p.size()];
            Arrays.fill(ones, 1f);
            r.put(p.key(), ones);
        }
        int selfLabel;
        try (NDManager sub = net.manager().newSubManager()) {
            selfLabel = (int) probe.logits(net, batchOfOne(sub, net, input), false).argMax(1).getLong(0);
        }
        try {
            for (int s = 0; s < steps; s++) {
                for (Param p : params) {
                    float[] w = original.get(p.key());
                    float[] m = r.get(p.key());
                    float[] masked = new float[w.length];
                    for (int i = 0; i < w.length; i++) {
                        masked[i] = w[i] * m[i];
                    }
                    p.set(masked);
                }
                Map<String, float[]> g;
                try (NDManager sub = net.manager().newSubManager()) {
                    NDArray x = batchOfOne(sub, net, input);
                    NDArray y = sub.create(new int[] {selfLabel});
                    g = MaskedUpdate.gradients(net, params,
                            () -> Losses.crossEntropy(probe.logits(net, x, false), y, null));
                }
                for (Param p : params) {
                    float[] m = r.get(p.key());
                    float[] grad = g.get(p.key());
                    for (int i = 0; i < m.length; i++) {
                        float v = (float) (m[i] - ROUTING_LR * grad[i] - ROUTING_SPARSITY * Math.signum(m[i]));
                        m[i] = Math.min(1f, Math.max(0f, v));
                    }
                }
            }
        } finally {
            for (Param p : params) {
                p.set(original.get(p.key()));
            }
        }
        return r;
    }

    /**
     * {@code get_weight_mask}'s counting: per input, each entry of a weight tensor whose routing value is
     * above the tensor's mean counts once. Entries remember when they were first counted, the order in which
     * the code's dictionary meets them, which breaks ties in the ranking (Python's sort is stable).
     */
    static final class FaultCounts {
        private final Map<String, int[]> counts = new LinkedHashMap<>();
        private final Map<String, long[]> firstSeen = new LinkedHashMap<>();
        private long seen;

        void add(Map<String, float[]> routing) {
            routing.forEach((key, r) -> {
                double sum = 0;
                for (float v : r) {
                    sum += v;
                }
                float mean = (float) (sum / r.length);
                int[] c = counts.computeIfAbsent(key, k -> new int[r.length]);
                long[] first = firstSeen.computeIfAbsent(key, k -> new long[r.length]);
                for (int i = 0; i < r.length; i++) {
                    if (r[i] > mean) {
                        if (c[i]++ == 0) {
                            first[i] = seen++;
                        }
                    }
                }
            });
        }

        int count(String key, int index) {
            return counts.get(key)[index];
        }

        /**
         * The fault-weight masks: every entry counted at least once ({@code neurons} = 0, the released code),
         * or the {@code neurons} most counted over all the block's tensors, ties in first-counted order.
         */
        Map<String, float[]> mask(int neurons) {
            Map<String, float[]> masks = new LinkedHashMap<>();
            List<Object[]> ranked = new ArrayList<>();
            counts.forEach((key, c) -> {
                masks.put(key, new float[c.length]);
                long[] first = firstSeen.get(key);
                for (int i = 0; i < c.length; i++) {
                    if (c[i] > 0) {
                        ranked.add(new Object[] {key, i, c[i], first[i]});
                    }
                }
            });
            ranked.sort((a, b) -> (int) a[2] != (int) b[2] ? Integer.compare((int) b[2], (int) a[2])
                    : Long.compare((long) a[3], (long) b[3]));
            int keep = neurons > 0 ? Math.min(neurons, ranked.size()) : ranked.size();
            for (int j = 0; j < keep; j++) {
                masks.get((String) ranked.get(j)[0])[(int) ranked.get(j)[1]] = 1f;
            }
            return masks;
        }
    }

    /**
     * One pass of {@code layer_rep} (not clean): batches of 64 failing inputs zipped, in order, with batches
     * of clean ones; the loss α·CE(probe(x_fail), y) + (1 − α)·softCE_T(probe(x_fail), probe(x_clean)); a
     * masked SGD step on the block's parameters after each batch. Train mode throughout, as the code.
     */
    static void distillationPass(Network net, int layer, LinearProbe probe, Dataset failing, Dataset clean,
                                 Map<String, float[]> mask, double lr, double alpha, double temperature) {
        List<Param> params = MaskedUpdate.trainable(net, layer);
        int batch = 64;
        Batches f = new Batches(failing, batch);
        Batches c = new Batches(clean, batch);
        float t = (float) temperature;
        for (int from = 0; from < failing.size() && from < clean.size(); from += batch) {
            int to = Math.min(Math.min(failing.size(), clean.size()), from + batch);
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray xFail = f.inputs(sub, null, from, to);
                NDArray yFail = f.labels(sub, null, from, to);
                // the clean targets are computed without recording (detached), in train mode as the code does
                NDArray target = Scalars.div(probe.logits(net, c.inputs(sub, null, from, to), true), t).softmax(1);
                Map<String, float[]> g = MaskedUpdate.gradients(net, params, () -> {
                    NDArray z = probe.logits(net, xFail, true);
                    NDArray ce = Losses.crossEntropy(z, yFail, null);
                    NDArray soft = Scalars.div(z, t).logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
                    return Scalars.mul(ce, (float) alpha).add(Scalars.mul(soft, (float) (1 - alpha)));
                });
                MaskedUpdate.sgd(params, g, mask, lr);
            }
        }
    }

    /** A "clean" pass of {@code layer_rep}: CE of the network's output on augmented failing inputs, masked SGD. */
    static void cleanPass(Network net, int layer, Dataset failing, Augmentation augmentation,
                          Map<String, float[]> mask, double lr) {
        List<Param> params = MaskedUpdate.trainable(net, layer);
        int batch = 64;
        Batches f = new Batches(failing, batch);
        for (int from = 0; from < failing.size(); from += batch) {
            int to = Math.min(failing.size(), from + batch);
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray x = augmentation.apply(sub, f.inputs(sub, null, from, to));
                NDArray y = f.labels(sub, null, from, to);
                Map<String, float[]> g = MaskedUpdate.gradients(net, params,
                        () -> Losses.crossEntropy(net.forward(x, true), y, null));
                MaskedUpdate.sgd(params, g, mask, lr);
            }
        }
    }

    /** The stopping check: clean accuracy kept within 0.1 and the valid split's original failures mostly fixed. */
    private static final class Stop {
        private final Dataset clean;
        private final Dataset failures;
        private final double accuracyBefore;

        Stop(Network original, Dataset valid) {
            this.clean = valid.subset(valid.name() + "/clean",
                    java.util.stream.IntStream.range(0, Math.min(1000, valid.size())).toArray());
            Predictions p = Predictor.predict(original, valid);
            this.failures = valid.subset(valid.name() + "/failures",
                    java.util.stream.IntStream.range(0, valid.size()).filter(i -> !p.correct(i)).toArray());
            this.accuracyBefore = Predictor.predict(original, clean).accuracy();
        }

        double failureRate(Network net) {
            return failures.size() == 0 ? 0 : 1 - Predictor.predict(net, failures).accuracy();
        }

        boolean satisfied(Network net) {
            return Predictor.predict(net, clean).accuracy() >= accuracyBefore - 0.1
                    && failureRate(net) < FAILURE_THRESHOLD;
        }

        String describe(Network net) {
            return String.format(java.util.Locale.ROOT, "clean %.4f (before %.4f), failure rate %.4f",
                    Predictor.predict(net, clean).accuracy(), accuracyBefore, failureRate(net));
        }
    }

    private static NDArray batchOfOne(NDManager manager, Network net, float[] input) {
        int[] shape = net.inputShape();
        long[] s = new long[shape.length + 1];
        s[0] = 1;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return manager.create(input, new ai.djl.ndarray.types.Shape(s));
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
