package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.augment.AugMix;
import dev.kintsugi.repair.cluster.KMeans;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.repair.finetune.LossTraining;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * HybridRepair (Li, Chen, Xu; ISSTA 2022; cure-lab/HybridRepair): label a small budget of the unlabelled
 * field pool where the model is least smooth, propagate each label to its cluster, and fine-tune on those
 * labels together with a semi-supervised consistency loss on the pool's low-entropy inputs.
 *
 * <p>The original's {@code repair.sh} ({@code --solution TTA --cluster hybrid --sel_l_data --sel_u_data
 * --u_weight --auto_tao}, {@code selection.py}) and this port, step by step. The pool is the repair split,
 * its labels hidden except for the inputs the budget pays for.
 * <ol>
 *   <li>Unsmoothness ({@code get_tta_values}): the mean entropy (log2) of the softmax averaged over the
 *       clean input and {@code views} (8) AugMix views (width 1, depth 1–3, severity 3; {@link AugMix}),
 *       divided by its maximum over the pool ({@link #meanEntropy}). 0·log 0 is taken as 0, where numpy
 *       would give NaN.</li>
 *   <li>Features. <b>Deviation:</b> the original embeds the pool with a self-supervised MoCo v3 ResNet-18
 *       trained on CIFAR-10, which does not exist for other data and cannot be fetched; this port uses the
 *       repaired model's own penultimate features ({@link Network#features}), the original's
 *       {@code --fe model2test} option, L2-normalised as the original normalises its latents.</li>
 *   <li>Clustering ({@code cluster_latents}, "hybrid"): noise points removed, then k-means on the rest into
 *       {@code max(n/avgClusterSize, min(budget, n))} clusters ({@code avgClusterSize} 10), each cluster's
 *       centre being the pool input nearest its centroid. <b>Deviation:</b> the original removes noise with
 *       HDBSCAN({@code min_samples=3}), for which no Java library is at hand; this port uses DBSCAN with the
 *       {@code eps} (0.3) and {@code min_samples} (3) that {@code repair.sh} passes ({@link KMeans#dbscan}).
 *       k-means runs at most {@code kmeansIterations} (100) iterations, one seeded start.</li>
 *   <li>Labelling ({@code unsth_region_plabeling}): clusters ranked by their summed unsmoothness; each of the
 *       top {@code budget} clusters has its centre labelled (the budget: {@code budget} percent of the pool,
 *       default 1, {@code int(p·|pool|/100)}) and that label given to all its members. When the clusters hold
 *       fewer inputs than the budget, all of them are labelled plus random others ({@link #regions}).</li>
 *   <li>Unlabelled selection: τ from {@code estimate_tau} (the mean unsmoothness of the 1,000 inputs whose
 *       density, the mean cosine distance of their logits to the 100 nearest training logits, is closest to
 *       the average); inputs with unsmoothness above τ get weight 0, the others 1 − unsmoothness, labelled
 *       ones 1 ({@link #unlabelledWeights}). The original measures density and τ on its held-out T2 set,
 *       which a repair must not see; this port measures them on the pool against the replayed training
 *       inputs.</li>
 *   <li>Retraining ({@code retrain_model_under_test}), {@code epochs} (10) times: a labelled pass over the
 *       training inputs the current model gets right plus the labelled and propagated pool inputs, with
 *       label-smoothed (0.1) cross-entropy; then a semi-supervised pass in which each batch of those training
 *       inputs is joined by 64 pool inputs drawn with replacement by weight, their 9 views' averaged
 *       prediction sharpened (T = 0.5) as target (propagated labels replace it, label-smoothed), everything
 *       mixed up ({@code l ~ Beta(0.75, 0.75)}, {@code max(l, 1 − l)}), and the loss
 *       CE(labelled) + {@code lam} (100) · mean squared error of the pool part's probabilities
 *       ({@link #consistencyLoss}). After each epoch the weights are recomputed from the new unsmoothness
 *       and the epoch with the lowest total unsmoothness is kept. SGD, momentum 0.9, lr {@code lr} 1e-3,
 *       weight decay 5e-4, batch 64. <b>Deviations:</b> the original replays the whole training set and first
 *       fine-tunes the model 10 epochs on it (a cached baseline, not part of the repair); this port replays
 *       a seeded sample of {@code replay} (10,000) training inputs and skips that baseline step. The
 *       targets' forward pass is in inference mode (the original's runs in training mode, which differs
 *       only for batch norm and dropout).</li>
 * </ol>
 * Runs on every zoo architecture. On flat (tabular) inputs AugMix's image operations do not exist, so the
 * views equal the input: unsmoothness is then the prediction's own entropy.
 */
public final class HybridRepair implements RepairApproach {
    /** {@code selection.py}'s views per input: the clean one plus {@code n_iters} = 8 AugMix views. */
    static final int VIEWS = 8;
    static final int BATCH = 64;

    @Override
    public String name() {
        return "hybridrepair";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.MODEL;
    }

    @Override
    public String paper() {
        return "Li, Chen, Xu, HybridRepair: Towards Annotation-Efficient Repair for Deep Learning Models, ISSTA 2022";
    }

    @Override
    public String summary() {
        return "label 1% of the pool at cluster centres of high TTA entropy, propagate labels, fine-tune with a "
                + "mixup consistency loss on low-entropy unlabelled inputs; the model's own penultimate features "
                + "instead of MoCo v3, DBSCAN instead of HDBSCAN";
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("avgClusterSize", "budget", "epochs", "eps", "kmeansIterations", "lam", "lr", "minSamples", "replay"));
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            long seed = context.seed();
            Dataset pool = context.repair();
            int n = pool.size();
            int budget = Math.max(1, (int) (context.doubleOption("budget", 1) * n / 100));
            int k = fixed.numClasses();
            SplittableRandom random = new SplittableRandom(seed);

            double[] unsmooth = meanEntropy(viewProbabilities(fixed, pool, random), n, k);
            double[][] latents = normalisedFeatures(fixed, pool);
            Clusters clusters = cluster(latents, budget, context.doubleOption("eps", 0.3),
                    context.intOption("minSamples", 3), context.intOption("avgClusterSize", 10),
                    context.intOption("kmeansIterations", 100), seed);
            Regions regions = regions(clusters.members(), clusters.centres(), unsmooth, budget, pool.labels(), random);

            Dataset replaySample = FineTuning.replay(context.train(), context.intOption("replay", 10000), seed);
            float[] poolLogits = LossTraining.outputs(fixed, pool);
            float[] trainLogits = LossTraining.outputs(fixed, replaySample);
            double tau = estimateTau(density(poolLogits, trainLogits, k, 100), unsmooth);
            boolean[] selected = new boolean[n];
            for (int i = 0; i < n; i++) {
                selected[i] = unsmooth[i] <= tau;
            }
            double[] weights = unlabelledWeights(unsmooth, selected, regions.members());

            Dataset labelled = pool.subset(pool.name() + "/hr-labelled", regions.members())
                    .withLabels(pool.name() + "/hr-propagated", regions.labels());
            int[] plabel = new int[n];
            boolean[] isLabelled = new boolean[n];
            for (int i = 0; i < regions.members().length; i++) {
                plabel[regions.members()[i]] = regions.labels()[i];
                isLabelled[regions.members()[i]] = true;
            }
            double lam = context.doubleOption("lam", 100);
            int epochs = context.intOption("epochs", 10);
            Engines.seed(seed);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) context.doubleOption("lr", 1e-3)))
                    .optMomentum(0.9f).optWeightDecays(5e-4f).build();
            BetaDistribution beta = new BetaDistribution(new Well19937c(seed), 0.75, 0.75);
            float[][] mixedTargets = new float[1][];
            double[][] currentWeights = {weights};

            byte[] best = fixed.snapshot();
            double bestEntropy = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            List<Double> entropyByEpoch = new ArrayList<>();
            for (int epoch = 1; epoch <= epochs && !context.outOfTime(); epoch++) {
                // the original replays the training inputs the current model gets right, recomputed every pass
                Dataset replay = rightOnly(fixed, replaySample);
                Dataset l = Dataset.concat("hr-labelled-pass", List.of(replay, labelled));
                if (l.size() > 0) {
                    LossTraining.run(fixed, l, (x, y, rows, sub) -> x,
                            (z, y, rows, sub) -> labelSmoothing(z, y, 0.1f), 1, sgd, BATCH, seed + 2L * epoch, context,
                            "hybridrepair labelled");
                }
                LossTraining.BatchInputs mix = (x, y, rows, sub) -> {
                    int[] u = weightedDraw(currentWeights[0], BATCH, random);
                    NDArray views = poolViews(sub, pool, u, random);
                    float[] target = sharpen(meanOfViews(fixed, views, u.length, k), u.length, k, 0.5);
                    for (int i = 0; i < u.length; i++) {
                        if (isLabelled[u[i]]) {
                            System.arraycopy(smoothOneHot(plabel[u[i]], k, 0.1f), 0, target, i * k, k);
                        }
                    }
                    NDArray all = NDArrays.concat(new NDList(x, views));
                    float[] targets = allTargets(y.toIntArray(), target, k, VIEWS + 1);
                    double lm = beta.sample();
                    lm = Math.max(lm, 1 - lm);
                    int[] perm = permutation((int) all.getShape().get(0), random);
                    mixedTargets[0] = mixRows(targets, perm, lm, k);
                    return mixInputs(all, perm, lm, sub);
                };
                // with every weight 0 (no smooth and no labelled pool input) there is nothing to draw from, and
                // a model that gets no replayed input right has no labelled half for the mixed batches
                if (Arrays.stream(currentWeights[0]).sum() > 0 && replay.size() > 0) {
                    LossTraining.run(fixed, replay, mix, (z, y, rows, sub) -> consistencyLoss(z, y,
                            sub.create(mixedTargets[0], new Shape(z.getShape().get(0), k)), (int) y.size(), (float) lam),
                            1, sgd, BATCH, seed + 2L * epoch + 1, context, "hybridrepair semi-supervised");
                }
                double[] now = meanEntropy(viewProbabilities(fixed, pool, random), n, k);
                double total = Arrays.stream(now).sum();
                entropyByEpoch.add(total);
                if (total < bestEntropy) {
                    bestEntropy = total;
                    bestEpoch = epoch;
                    best = fixed.snapshot();
                }
                currentWeights[0] = unlabelledWeights(now, selected, regions.members());
            }
            fixed.restore(best);
            details.put("budget", budget);
            details.put("clusters", clusters.members().size());
            details.put("noisePoints", clusters.noise());
            details.put("labelledCentres", regions.centres().length);
            details.put("propagatedLabels", regions.members().length);
            details.put("propagatedLabelAccuracy", agreement(regions, pool));
            details.put("tau", tau);
            details.put("selectedUnlabelled", (int) Arrays.stream(weights).filter(w -> w > 0).count());
            details.put("unsmoothnessByEpoch", entropyByEpoch);
            details.put("bestEpoch", bestEpoch);
        });
    }

    // ---- unsmoothness ------------------------------------------------------------------------------

    /**
     * {@code get_tta_values}' mean entropy: per input, the entropy (log2) of its softmax averaged over the
     * views ({@code probs[v]} is row-major {@code [n, k]}), divided by the maximum over all inputs.
     */
    public static double[] meanEntropy(float[][] probs, int n, int k) {
        double[] e = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            double h = 0;
            for (int c = 0; c < k; c++) {
                double p = 0;
                for (float[] view : probs) {
                    p += view[i * k + c];
                }
                p /= probs.length;
                h -= p > 0 ? p * Math.log(p) / Math.log(2) : 0;
            }
            e[i] = h;
            max = Math.max(max, h);
        }
        for (int i = 0; i < n && max > 0; i++) {
            e[i] /= max;
        }
        return e;
    }

    /** Softmax of the clean input and of {@link #VIEWS} AugMix views of every pool input, view by view. */
    private static float[][] viewProbabilities(Network net, Dataset pool, SplittableRandom r) {
        int size = pool.sampleSize();
        float[][] out = new float[VIEWS + 1][];
        out[0] = softmax(LossTraining.outputs(net, pool), net.numClasses());
        for (int v = 1; v <= VIEWS; v++) {
            float[] x = new float[pool.size() * size];
            for (int i = 0; i < pool.size(); i++) {
                System.arraycopy(AugMix.mix(pool.sample(i), pool.sampleShape(), 1, 3, null, r), 0, x, i * size, size);
            }
            out[v] = softmax(LossTraining.outputs(net, pool.withFeatures(pool.name() + "/view", x)), net.numClasses());
        }
        return out;
    }

    // ---- clustering and labelling ------------------------------------------------------------------

    /** Clusters as lists of pool indices, the centre of each, and how many points were noise. */
    record Clusters(List<int[]> members, int[] centres, int noise) {
    }

    /** {@code cluster_latents(..., 'hybrid')}: noise removal, then k-means on the rest, centres nearest the centroids. */
    static Clusters cluster(double[][] latents, int budget, double eps, int minSamples, int avgClusterSize,
                            int iterations, long seed) {
        int[] db = KMeans.dbscan(latents, eps, minSamples);
        int[] kept = java.util.stream.IntStream.range(0, latents.length).filter(i -> db[i] != -1).toArray();
        if (kept.length == 0) {
            return new Clusters(List.of(), new int[0], latents.length);
        }
        double[][] points = new double[kept.length][];
        for (int i = 0; i < kept.length; i++) {
            points[i] = latents[kept[i]];
        }
        int clusters = Math.max(kept.length / avgClusterSize, Math.min(budget, kept.length));
        KMeans.Result km = KMeans.cluster(points, clusters, iterations, 1, seed);
        List<int[]> members = new ArrayList<>();
        int[] centres = new int[km.k()];
        for (int c = 0; c < km.k(); c++) {
            int[] in = km.members(c);
            int[] global = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                global[i] = kept[in[i]];
            }
            members.add(global);
            centres[c] = KMeans.nearest(latents, km.centroids()[c]);
        }
        return new Clusters(members, centres, latents.length - kept.length);
    }

    /** The labelled centres, the pool inputs that received a label and those labels. */
    public record Regions(int[] centres, int[] members, int[] labels) {
    }

    /**
     * {@code unsth_region_plabeling}: clusters ranked by summed unsmoothness, descending; each of the first
     * {@code budget} has its centre labelled ({@code trueLabels}, what the annotator would say) and that
     * label copied to its members. If the clusters hold fewer inputs than {@code budget}, all clustered
     * inputs are labelled with their true labels, plus random unclustered ones up to the budget.
     */
    public static Regions regions(List<int[]> clusters, int[] centres, double[] unsmooth, int budget, int[] trueLabels,
                                  SplittableRandom r) {
        int sizes = clusters.stream().mapToInt(c -> c.length).sum();
        List<Integer> members = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> labelledCentres = new ArrayList<>();
        if (budget > sizes) {
            Set<Integer> in = new LinkedHashSet<>();
            for (int[] c : clusters) {
                for (int i : c) {
                    in.add(i);
                }
            }
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < unsmooth.length; i++) {
                if (!in.contains(i)) {
                    rest.add(i);
                }
            }
            java.util.Collections.shuffle(rest, new java.util.Random(r.nextLong()));
            List<Integer> all = new ArrayList<>(in);
            all.addAll(rest.subList(0, Math.min(budget - sizes, rest.size())));
            for (int i : all) {
                members.add(i);
                labels.add(trueLabels[i]);
                labelledCentres.add(i);
            }
        } else {
            double[] score = new double[clusters.size()];
            double min = Double.POSITIVE_INFINITY;
            for (int c = 0; c < score.length; c++) {
                for (int i : clusters.get(c)) {
                    score[c] += unsmooth[i];
                }
                min = Math.min(min, score[c]);
            }
            Integer[] order = new Integer[score.length];
            for (int c = 0; c < order.length; c++) {
                order[c] = c;
            }
            final double m = min;
            // np.argsort(score / min)[::-1]: descending; ties keep the reverse of index order
            Arrays.sort(order, (a, b) -> {
                int cmp = Double.compare(score[b] / m, score[a] / m);
                return cmp != 0 ? cmp : Integer.compare(b, a);
            });
            // k-means makes at least min(budget, clustered) clusters, so this bound only guards degenerate input
            for (int j = 0; j < Math.min(budget, order.length); j++) {
                int c = order[j];
                int label = trueLabels[centres[c]];
                labelledCentres.add(centres[c]);
                for (int i : clusters.get(c)) {
                    members.add(i);
                    labels.add(label);
                }
            }
        }
        return new Regions(labelledCentres.stream().mapToInt(Integer::intValue).toArray(),
                members.stream().mapToInt(Integer::intValue).toArray(), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    // ---- unlabelled selection ----------------------------------------------------------------------

    /**
     * Per pool input, the mean cosine distance ({@code sklearn pairwise_distances(metric='cosine')}) of its
     * logits to the {@code neighbours} nearest training logits.
     */
    public static double[] density(float[] pool, float[] train, int k, int neighbours) {
        int n = pool.length / k;
        int m = train.length / k;
        int kn = Math.min(neighbours, m);
        double[] trainNorm = norms(train, k);
        double[] poolNorm = norms(pool, k);
        double[] out = new double[n];
        double[] d = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double dot = 0;
                for (int c = 0; c < k; c++) {
                    dot += (double) pool[i * k + c] * train[j * k + c];
                }
                double denom = poolNorm[i] * trainNorm[j];
                d[j] = 1 - (denom == 0 ? 0 : dot / denom);
            }
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double s = 0;
            for (int j = 0; j < kn; j++) {
                s += sorted[j];
            }
            out[i] = s / kn;
        }
        return out;
    }

    /**
     * {@code estimate_tau}: the mean unsmoothness of the (at most) 1,000 inputs whose density is closest to
     * the average density.
     */
    public static double estimateTau(double[] density, double[] unsmooth) {
        double mean = Arrays.stream(density).average().orElse(0);
        Integer[] order = new Integer[density.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(density[a] - mean), Math.abs(density[b] - mean)));
        int take = Math.min(1000, order.length);
        double s = 0;
        for (int i = 0; i < take; i++) {
            s += unsmooth[order[i]];
        }
        return s / take;
    }

    /** {@code u_loss_w}: 1 − unsmoothness where selected (unsmoothness ≤ τ), 0 elsewhere, 1 on labelled inputs. */
    public static double[] unlabelledWeights(double[] unsmooth, boolean[] selected, int[] labelled) {
        double[] w = new double[unsmooth.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = selected[i] ? 1 - unsmooth[i] : 0;
        }
        for (int i : labelled) {
            w[i] = 1;
        }
        return w;
    }

    // ---- losses ------------------------------------------------------------------------------------

    /** {@code LabelSmoothingLoss}: cross-entropy against ε/(k−1) everywhere and 1 − ε on the label. */
    public static NDArray labelSmoothing(NDArray logits, NDArray labels, float smoothing) {
        int k = (int) logits.getShape().get(1);
        NDArray oneHot = labels.oneHot(k);
        NDArray target = Scalars.mul(oneHot, 1 - smoothing - smoothing / (k - 1)).add(smoothing / (k - 1));
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
    }

    /**
     * The semi-supervised loss of {@code retrain_model_under_test}: cross-entropy of the first
     * {@code labelled} rows against their (unmixed) labels, plus {@code lam} times the mean squared error
     * between the softmax of the other rows and their mixed targets.
     */
    public static NDArray consistencyLoss(NDArray logits, NDArray labels, NDArray mixedTargets, int labelled, float lam) {
        long rows = logits.getShape().get(0);
        NDArray l = logits.get("0:" + labelled);
        NDArray ce = l.logSoftmax(1).mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}).neg().mean();
        NDArray u = logits.get(labelled + ":" + rows).softmax(1).sub(mixedTargets.get(labelled + ":" + rows));
        return ce.add(Scalars.mul(u.square().mean(), lam));
    }

    /** MixMatch sharpening: {@code p^(1/T)} renormalised per row. */
    public static float[] sharpen(float[] p, int n, int k, double t) {
        float[] out = new float[p.length];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += Math.pow(p[i * k + c], 1 / t);
            }
            for (int c = 0; c < k; c++) {
                out[i * k + c] = (float) (Math.pow(p[i * k + c], 1 / t) / s);
            }
        }
        return out;
    }

    /** {@code smooth_one_hot}: ε/(k−1) everywhere, 1 − ε at {@code label}. */
    public static float[] smoothOneHot(int label, int k, float smoothing) {
        float[] v = new float[k];
        Arrays.fill(v, smoothing / (k - 1));
        v[label] = 1 - smoothing;
        return v;
    }

    /** Targets of the mixed batch: one-hot labels of the labelled rows, then the pool targets once per view. */
    static float[] allTargets(int[] labels, float[] poolTargets, int k, int copies) {
        float[] t = new float[labels.length * k + copies * poolTargets.length];
        for (int i = 0; i < labels.length; i++) {
            t[i * k + labels[i]] = 1;
        }
        for (int c = 0; c < copies; c++) {
            System.arraycopy(poolTargets, 0, t, labels.length * k + c * poolTargets.length, poolTargets.length);
        }
        return t;
    }

    /** Rows mixed with their permuted partners: {@code l·a + (1 − l)·a[perm]}. */
    public static float[] mixRows(float[] a, int[] perm, double l, int width) {
        float[] out = new float[a.length];
        for (int i = 0; i < perm.length; i++) {
            for (int j = 0; j < width; j++) {
                out[i * width + j] = (float) (l * a[i * width + j] + (1 - l) * a[perm[i] * width + j]);
            }
        }
        return out;
    }

    private static NDArray mixInputs(NDArray all, int[] perm, double l, NDManager sub) {
        Shape shape = all.getShape();
        int width = (int) (shape.size() / shape.get(0));
        return sub.create(mixRows(all.toFloatArray(), perm, l, width), shape);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The clean pool inputs {@code u} followed by {@link #VIEWS} AugMix views of them, view by view. */
    private static NDArray poolViews(NDManager sub, Dataset pool, int[] u, SplittableRandom r) {
        int size = pool.sampleSize();
        float[] x = new float[(VIEWS + 1) * u.length * size];
        for (int v = 0; v <= VIEWS; v++) {
            for (int i = 0; i < u.length; i++) {
                float[] s = pool.sample(u[i]);
                float[] view = v == 0 ? s : AugMix.mix(s, pool.sampleShape(), 1, 3, null, r);
                System.arraycopy(view, 0, x, (v * u.length + i) * size, size);
            }
        }
        long[] dims = new long[pool.sampleShape().length + 1];
        dims[0] = (long) (VIEWS + 1) * u.length;
        for (int d = 0; d < pool.sampleShape().length; d++) {
            dims[d + 1] = pool.sampleShape()[d];
        }
        return sub.create(x, new Shape(dims));
    }

    /** Softmax averaged over the views of each of {@code n} inputs, without gradients. */
    private static float[] meanOfViews(Network net, NDArray views, int n, int k) {
        float[] p = net.forward(views, false).softmax(1).toFloatArray();
        float[] mean = new float[n * k];
        int copies = p.length / (n * k);
        for (int v = 0; v < copies; v++) {
            for (int j = 0; j < n * k; j++) {
                mean[j] += p[v * n * k + j] / copies;
            }
        }
        return mean;
    }

    /** {@code WeightedRandomSampler}: {@code count} draws with replacement, proportional to {@code w}. */
    static int[] weightedDraw(double[] w, int count, SplittableRandom r) {
        double[] cum = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            cum[i] = s;
        }
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            double u = r.nextDouble() * s;
            int i = Arrays.binarySearch(cum, u);
            i = i >= 0 ? i + 1 : -i - 1;
            out[j] = Math.min(i, w.length - 1);
        }
        return out;
    }

    private static double[][] normalisedFeatures(Network net, Dataset pool) {
        int step = 256;
        double[][] out = new double[pool.size()][];
        dev.kintsugi.model.Batches batches = new dev.kintsugi.model.Batches(pool, step);
        for (int from = 0; from < pool.size(); from += step) {
            int to = Math.min(pool.size(), from + step);
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray f = net.features(batches.inputs(sub, null, from, to));
                int width = (int) f.getShape().get(1);
                float[] v = f.toFloatArray();
                for (int i = 0; i < to - from; i++) {
                    double[] row = new double[width];
                    double norm = 0;
                    for (int j = 0; j < width; j++) {
                        row[j] = v[i * width + j];
                        norm += row[j] * row[j];
                    }
                    norm = Math.sqrt(norm);
                    for (int j = 0; j < width && norm > 0; j++) {
                        row[j] /= norm;
                    }
                    out[from + i] = row;
                }
            }
        }
        return out;
    }

    /** The inputs of {@code data} the network classifies correctly (the original's replay set). */
    private static Dataset rightOnly(Network net, Dataset data) {
        Predictions p = Predictor.predict(net, data);
        return data.subset(data.name() + "/right",
                java.util.stream.IntStream.range(0, data.size()).filter(p::correct).toArray());
    }

    private static float[] softmax(float[] z, int k) {
        float[] p = new float[z.length];
        for (int i = 0; i < z.length / k; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[i * k + c]);
            }
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += Math.exp(z[i * k + c] - max);
            }
            for (int c = 0; c < k; c++) {
                p[i * k + c] = (float) (Math.exp(z[i * k + c] - max) / s);
            }
        }
        return p;
    }

    private static double[] norms(float[] rows, int k) {
        double[] out = new double[rows.length / k];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += (double) rows[i * k + c] * rows[i * k + c];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Share of propagated labels that equal the pool's true labels (a diagnostic, not used by the repair). */
    private static double agreement(Regions regions, Dataset pool) {
        int same = 0;
        for (int i = 0; i < regions.members().length; i++) {
            same += regions.labels()[i] == pool.label(regions.members()[i]) ? 1 : 0;
        }
        return regions.members().length == 0 ? 0 : (double) same / regions.members().length;
    }
}
