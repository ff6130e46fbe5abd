package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.localize.ParetoFront;
import dev.kintsugi.repair.localize.WeightScores;
import dev.kintsugi.repair.search.Bounds;
import dev.kintsugi.repair.search.DifferentialEvolution;
import dev.kintsugi.repair.search.SearchResult;
import dev.kintsugi.repair.search.StopRule;

import java.util.SplittableRandom;

/**
 * Arachne (Sohn, Kang, Yoo; TOSEM 2023), following {@code coinse/arachne} ({@code run_localise.py},
 * {@code auto_patch_vk.py}, {@code search/de_vk.py}): bidirectional localisation on the output layer, then
 * Differential Evolution over the localised weights' values.
 *
 * <ol>
 *   <li>Sample for localisation ({@code sample_input_for_loc_sophis}): when there are more positives than
 *       negatives, the positives are grouped by label and each label contributes round(|I_neg|·|group| /
 *       |I_pos|) of its inputs (at least 1, at most all), drawn without replacement (seeded; numpy's
 *       {@code np.random.choice} stream is not reproduced).</li>
 *   <li>Localise ({@code compute_FI_and_GL}, {@code localise_by_chgd_unchgd}): for every output-layer
 *       weight, gradient loss GL = |Σ_i ∂L_i/∂w| and forward impact FI = mean_i of |o_i·w_ij| L1-normalised
 *       per output neuron, times the normalised gradient of the model output with respect to that neuron
 *       (1/k for the output layer, {@link WeightScores#arachneForwardImpact}); each computed on the
 *       negatives and divided by (1 + the same on the sampled positives); keep the Pareto front of
 *       (GL, FI) over all the layer's weights (of equal points the first is kept).</li>
 *   <li>Search: DE with population 100, F ~ U(0.5, 1) per generation, CR 0.7; individuals start from
 *       N(mean, std) of the layer's weights; bounds 2·min / min/2 and 2·max / max/2 of the layer's
 *       weights; fitness (maximised) = N_intact + Σ_{pos wrong} 1/(L+1) + α·(N_patched + Σ_{neg wrong}
 *       1/(L+1)) with α = 10 over all positives and negatives; at most 100 generations, stop once more
 *       than max(10, generations/10) generations in a row bring no improvement, or when every negative
 *       is patched and no positive broken.</li>
 * </ol>
 * Remaining deviations: the original compares best fitnesses as float32 and starts its stale counter
 * after the first generation, so it may run one generation longer; its loss gradient is TensorFlow's
 * {@code softmax_cross_entropy_with_logits} applied to {@code model.output} (the probabilities when the
 * last Dense carries the softmax), here it is the cross-entropy of the logits; random streams are Java's.
 * Options: {@code alpha}, {@code population}, {@code generations}, {@code patience} (the stale count that
 * must be exceeded), {@code positives} (how many positives the fitness preserves; default all of the
 * repair split's), {@code topByGradient} (keep only the N weights with the largest GL before the Pareto
 * front, the paper's simple variant with N = 20·|I_neg|; default 0: all weights, as the code). Only the
 * last layer is searched.
 */
public final class Arachne implements RepairApproach {
    @Override
    public String name() {
        return "arachne";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "Sohn et al., Arachne, TOSEM 2023";
    }

    /** Reads only the output layer and its input, so a TorchScript module with a declared head works too. */
    @Override
    public Needs needs() {
        return Needs.OUTPUT_LAYER;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "generations", "patience", "population", "positives", "topByGradient"));
    }

    @Override
    public String summary() {
        return "localise output-layer weights (gradient loss x forward impact, Pareto front), set them by DE";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            double alpha = context.doubleOption("alpha", 10);
            int population = context.intOption("population", 100);
            int generations = context.intOption("generations", 100);
            int patience = context.intOption("patience", defaultPatience(generations));
            int head = fixed.headIndex();
            float[] w = fixed.parameterValues(head, "weight");
            float[] b = fixed.parameterValues(head, "bias");
            ActivationCache neg = ActivationCache.of(fixed, context.negatives(), head);
            Dataset positives = Subsets.first(context.positives(),
                    context.intOption("positives", context.positives().size()));
            ActivationCache pos = ActivationCache.of(fixed, positives, head);
            ActivationCache posForLoc = ActivationCache.of(fixed, positives.subset(positives.name() + "/loc",
                    sampleForLocalisation(positives.labels(), neg.size(), context.seed())), head);
            int[] localised = localise(neg, posForLoc, w, b, context.intOption("topByGradient", 0));
            details.put("localisedWeights", localised.length);

            double[] space = searchSpace(w);
            double mean = space[0];
            double std = space[1];
            double lower = space[2];
            double upper = space[3];
            Bounds bounds = Bounds.uniform(localised.length, lower, upper);

            float[] candidate = w.clone();
            double target = -(pos.size() + alpha * neg.size());
            final double m = mean;
            SearchResult result = new DifferentialEvolution(population, 0.5, 1.0, 0.7).minimise(x -> {
                for (int i = 0; i < localised.length; i++) {
                    candidate[localised[i]] = (float) x[i];
                }
                return -fitness(pos.evaluateLinear(candidate, b, null), neg.evaluateLinear(candidate, b, null), alpha);
            }, bounds, r -> initial(r, localised.length, m, std), StopRule.iterations(generations, patience + 1)
                    .withTarget(target).withDeadline(context::outOfTime), context.seed());

            for (int i = 0; i < localised.length; i++) {
                w[localised[i]] = (float) result.best()[i];
            }
            fixed.setParameterValues(head, "weight", w);
            details.put("generations", result.iterations());
            details.put("evaluations", result.evaluations());
            details.put("bestFitness", -result.bestCost());
            details.put("stopReason", result.stopReason());
            details.put("fitnessByGeneration", negate(result.history()));
        });
    }

    /** {@code max_num_of_unchanged} of {@code de_vk.py}: a tenth of the generations, at least 10. */
    static int defaultPatience(int generations) {
        return Math.max(10, generations / 10);
    }

    /**
     * {@code de_vk.py}'s search space for a layer's weights {@code w}: {mean, std} of its initial population
     * N(mean, std) (population std, as {@code np.std}) and {lower, upper} from {@code set_bounds}: twice the
     * minimum if it is negative, else half of it; twice the maximum if it is positive, else half of it.
     */
    static double[] searchSpace(float[] w) {
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : w) {
            mean += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        mean /= w.length;
        double var = 0;
        for (float v : w) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / w.length);
        return new double[] {mean, std, min < 0 ? 2 * min : min / 2, max > 0 ? 2 * max : max / 2};
    }

    /**
     * Arachne's bidirectional localisation of an output layer {@code w [k x d]}, {@code b [k]}: indices of
     * the Pareto front of (GL, FI), each a negatives' score over (1 + the positives' score).
     */
    static int[] localise(ActivationCache neg, ActivationCache pos, float[] w, float[] b, int topByGradient) {
        int k = b.length;
        double[] behind = WeightScores.uniformFromBehind(k);
        double[] gl = WeightScores.contrast(WeightScores.gradientLossSum(neg, w, b),
                WeightScores.gradientLossSum(pos, w, b));
        double[] fi = WeightScores.contrast(WeightScores.arachneForwardImpact(neg, w, behind),
                WeightScores.arachneForwardImpact(pos, w, behind));
        int[] candidates = topByGradient > 0 ? ParetoFront.top(gl, Math.min(w.length, topByGradient))
                : java.util.stream.IntStream.range(0, w.length).toArray();
        return ParetoFront.of(candidates, gl, fi);
    }

    /**
     * {@code sample_input_for_loc_sophis}: indices into {@code labels} (the positives) of a label-stratified
     * sample about as large as the negatives; all of them when there are no more positives than negatives.
     */
    static int[] sampleForLocalisation(int[] labels, int negatives, long seed) {
        int n = labels.length;
        if (negatives >= n) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        java.util.TreeMap<Integer, java.util.List<Integer>> byLabel = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            byLabel.computeIfAbsent(labels[i], l -> new java.util.ArrayList<>()).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (java.util.List<Integer> group : byLabel.values()) {
            int take = (int) Math.rint((double) negatives * group.size() / n);
            take = Math.min(group.size(), Math.max(1, take));
            java.util.List<Integer> pool = new java.util.ArrayList<>(group);
            for (int t = 0; t < take; t++) {
                out.add(pool.remove(random.nextInt(pool.size())));
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Arachne's fitness: intact positives and patched negatives, each wrong one counting 1/(loss+1). */
    static double fitness(ActivationCache.Outcome positives, ActivationCache.Outcome negatives, double alpha) {
        return score(positives) + alpha * score(negatives);
    }

    private static double score(ActivationCache.Outcome o) {
        double s = 0;
        for (int i = 0; i < o.correct().length; i++) {
            s += o.correct()[i] ? 1 : 1 / (o.loss()[i] + 1);
        }
        return s;
    }

    /** {@code n} draws of N(mean, std) (Box-Muller), the DE's initial individual. */
    static double[] initial(SplittableRandom r, int n, double mean, double std) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - r.nextDouble();
            double v = r.nextDouble();
            x[i] = mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return x;
    }

    private static double[] negate(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
