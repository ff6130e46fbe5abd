package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.cluster.HeatmapClusters;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.repair.localize.LrpHeatmaps;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * HUDD (Fahmy, Pastore, Bagherzadeh, Briand, IEEE Trans. Reliability 2021; SNTSVV/HUDD-Toolset):
 * cluster the failures by their LRP heatmaps into root causes, select improvement-set inputs that fall
 * into those clusters (the "unsafe set"), and retrain on the training data plus the balanced unsafe set.
 *
 * <p>What the original does and what this port does:
 * <ol>
 *   <li>Heatmaps: LRP relevance of the predicted class, per layer, for each failing input
 *       ({@link LrpHeatmaps}, ε-rule, option {@code epsilon}, default 1e-6). Candidate layers are the
 *       inputs of the linear and convolution layers after the first one (the internal layers, as the
 *       toolset's {@code features}/{@code classifier} modules); a network with a single such layer uses its
 *       input. On a tabular MLP these are the hidden neurons' relevances.</li>
 *   <li>Clustering per layer ({@link HeatmapClusters}): Ward HAC, k = 2..min(n−1, {@code maxClusters}
 *       (default 20)), k as the toolset's {@code run} chooses it ({@code doClustering(..., "KG")}): the
 *       knee of {@code gradientO4(WICD curve, 4)} by {@code KneeLocator(curve='concave',
 *       direction='increasing')}, the lowest-WICD k when there is no knee (where the toolset would fail);
 *       then the layer with the minimal WICD. Deviation: the toolset clusters the rows of the max-normalised heatmap-distance
 *       matrix (each failure described by its distances to all others); this port clusters the heatmaps
 *       themselves on their Euclidean distances, which is what Ward linkage assumes; the toolset's WICD curve
 *       (for the knee) is on that max-normalised matrix and its layer-selection WICD on the raw distances,
 *       this port uses the heatmaps' Euclidean distances for both. At most
 *       {@code failures} negatives (default 300) are clustered, to bound the O(n³) clustering.</li>
 *   <li>Selection: the improvement set is the whole repair split (its failures included), as the study's
 *       port; an input joins the cluster of its nearest member (single linkage) if it lies within that
 *       cluster's radius (largest member-to-centroid distance). The toolset's default instead accepts when
 *       adding the input does not raise the cluster's mean pairwise distance; the radius test is the
 *       study's description. Selected inputs are "labelled" with the repair split's labels.</li>
 *   <li>Balancing: each non-empty cluster's selection is bootstrap-resampled (with replacement, seeded) to
 *       the size of the largest one, so every root cause weighs the same. The toolset builds its "bagged
 *       unsafe set" in {@code dataSupplier.getUCs}, whose sizing rule this port does not reproduce.</li>
 *   <li>Retraining: fine-tune from the original weights with SGD (learning rate {@code lr} 0.01, momentum
 *       0.9, weight decay 5e-4, batch 64) for {@code epochs} (default 5), keeping the best-validation
 *       epoch (the toolset's module default learning rate is 0.001; its case files set their own). Deviation: the original retrains on the whole training set plus the unsafe set; this port
 *       uses a seeded replay of {@code replay} training inputs (default 10,000) to fit the time budget.</li>
 * </ol>
 */
public final class Hudd implements RepairApproach {
    private static final int EXAMPLES_PER_CLUSTER = 5;

    @Override
    public String name() {
        return "hudd";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.MODEL;
    }

    @Override
    public String paper() {
        return "Fahmy et al., HUDD: Heatmap-based Unsupervised Debugging of DNNs, IEEE Trans. Reliability 2021";
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("epochs", "epsilon", "failures", "lr", "maxClusters", "replay"));
    }

    @Override
    public String summary() {
        return "cluster failures by LRP heatmaps (Ward, WICD knee), retrain on a replay plus balanced inputs "
                + "assigned to the clusters; replay instead of the full training set";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            double epsilon = context.doubleOption("epsilon", 1e-6);
            int maxClusters = context.intOption("maxClusters", 20);
            Dataset failures = Subsets.first(context.negatives(), context.intOption("failures", 300));
            int[] candidates = candidateLayers(fixed);
            Map<Integer, float[][]> heatmaps = LrpHeatmaps.compute(fixed, failures, candidates, epsilon);
            int layer = candidates[0];
            HeatmapClusters clusters = null;
            Map<String, Double> wicdByLayer = new LinkedHashMap<>();
            for (int candidate : candidates) {
                HeatmapClusters c = HeatmapClusters.of(heatmaps.get(candidate), maxClusters);
                wicdByLayer.put(fixed.layers().get(candidate).name(), c.wicd());
                if (clusters == null || c.wicd() < clusters.wicd()) {
                    clusters = c;
                    layer = candidate;
                }
            }
            Dataset improvement = context.repair();
            float[][] improvementHeatmaps = LrpHeatmaps.compute(fixed, improvement, new int[] {layer}, epsilon)
                    .get(layer);
            List<List<Integer>> assigned = new ArrayList<>();
            for (int c = 0; c < clusters.k(); c++) {
                assigned.add(new ArrayList<>());
            }
            for (int i = 0; i < improvementHeatmaps.length; i++) {
                int c = clusters.assign(improvementHeatmaps[i]);
                if (c >= 0) {
                    assigned.get(c).add(i);
                }
            }
            int[] balanced = balance(assigned, context.seed());
            Dataset unsafe = improvement.subset(improvement.name() + "/hudd-unsafe", balanced);
            Dataset data = FineTuning.withReplay(unsafe, context.train(), context.intOption("replay", 10000),
                    context.seed());
            int epochs = context.intOption("epochs", 5);
            TrainingConfig config = TrainingConfig.defaults().withOptimizer("sgd")
                    .withLearningRate(context.doubleOption("lr", 0.01)).withMomentum(0.9).withWeightDecay(5e-4)
                    .withBatchSize(64).withEpochs(epochs).withPatience(epochs).withSeed(context.seed());
            TrainingHistory h = FineTuning.run(fixed, data, context.valid(), config, context);

            details.put("layer", fixed.layers().get(layer).name());
            details.put("wicdByLayer", wicdByLayer);
            details.put("k", clusters.k());
            details.put("wicdByK", clusters.wicdByK());
            details.put("clusteredFailures", failures.size());
            details.put("clusterSizes", clusters.sizes());
            details.put("clusterExamples", examples(clusters));
            details.put("assignedPerCluster", assigned.stream().mapToInt(List::size).toArray());
            details.put("selected", assigned.stream().mapToInt(List::size).sum());
            details.put("balancedSelection", balanced.length);
            details.put("trainingSamples", data.size());
            details.put("bestEpoch", h.bestEpoch);
            details.put("validAccuracyByEpoch", h.series(s -> s.validAccuracy()));
        });
    }

    /** Inputs of the linear/convolution layers after the first; the first one's input if it is the only one. */
    static int[] candidateLayers(Network network) {
        int[] weighted = network.layers().stream()
                .filter(l -> l.parameters().stream().anyMatch(p -> p.name().equals("weight")))
                .mapToInt(Layer::index).toArray();
        return weighted.length == 1 ? weighted : Arrays.copyOfRange(weighted, 1, weighted.length);
    }

    /** Each non-empty cluster resampled with replacement to the largest one's size; indices into the set. */
    static int[] balance(List<List<Integer>> assigned, long seed) {
        int target = assigned.stream().mapToInt(List::size).max().orElse(0);
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> out = new ArrayList<>();
        for (List<Integer> cluster : assigned) {
            for (int i = 0; i < target && !cluster.isEmpty(); i++) {
                out.add(cluster.get(random.nextInt(cluster.size())));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first few members of each cluster, as indices into the repair split's negatives. */
    private static List<int[]> examples(HeatmapClusters clusters) {
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < clusters.k(); c++) {
            int[] members = clusters.members(c);
            out.add(Arrays.copyOf(members, Math.min(EXAMPLES_PER_CLUSTER, members.length)));
        }
        return out;
    }
}
