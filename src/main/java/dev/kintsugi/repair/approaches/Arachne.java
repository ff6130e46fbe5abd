package dev.kintsugi.repair.approaches;

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
 * Arachne (Sohn, Kang, Yoo; TOSEM 2023), following {@code coinse/arachne}: bidirectional localisation on
 * the output layer, then Differential Evolution over the localised weights' values.
 *
 * <ol>
 *   <li>Localise: gradient loss GL and forward impact FI of every output-layer weight, each computed on
 *       the negatives and divided by (1 + the same on the positives); take the top 20·|I_neg| weights by
 *       GL and keep their Pareto front on (GL, FI).</li>
 *   <li>Search: DE with population 100, F ~ U(0.5, 1) per generation, CR 0.7; individuals start from
 *       N(mean, std) of the layer's weights; bounds 2·min / min/2 and 2·max / max/2 of the layer's
 *       weights; fitness (maximised) = N_intact + Σ_{pos wrong} 1/(L+1) + α·(N_patched + Σ_{neg wrong}
 *       1/(L+1)) with α = 10; at most 100 generations, stop after 10 without improvement or when every
 *       negative is patched and no positive broken.</li>
 * </ol>
 * Options: {@code alpha}, {@code population}, {@code generations}, {@code patience}, {@code positives}
 * (how many positives to preserve; default all of the repair split's, which the activation cache makes
 * cheap: each candidate is one small matrix product). Like the original's simple variant, only the last
 * layer is searched.
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
            int patience = context.intOption("patience", generations / 10);
            int head = fixed.headIndex();
            float[] w = fixed.parameterValues(head, "weight");
            float[] b = fixed.parameterValues(head, "bias");
            int k = b.length;
            ActivationCache neg = ActivationCache.of(fixed, context.negatives(), head);
            ActivationCache pos = ActivationCache.of(fixed, Subsets.first(context.positives(),
                    context.intOption("positives", context.positives().size())), head);

            double[] gl = WeightScores.contrast(WeightScores.gradientLoss(neg, w, b), WeightScores.gradientLoss(pos, w, b));
            double[] fi = WeightScores.contrast(WeightScores.forwardImpact(neg, w, k), WeightScores.forwardImpact(pos, w, k));
            int[] byGradient = ParetoFront.top(gl, Math.min(w.length, 20 * neg.size()));
            int[] localised = ParetoFront.of(byGradient, gl, fi);
            details.put("localisedWeights", localised.length);

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
            double lower = min < 0 ? 2 * min : min / 2;
            double upper = max > 0 ? 2 * max : max / 2;
            Bounds bounds = Bounds.uniform(localised.length, lower, upper);

            float[] candidate = w.clone();
            double target = -(pos.size() + alpha * neg.size());
            final double m = mean;
            SearchResult result = new DifferentialEvolution(population, 0.5, 1.0, 0.7).minimise(x -> {
                for (int i = 0; i < localised.length; i++) {
                    candidate[localised[i]] = (float) x[i];
                }
                return -fitness(pos.evaluateLinear(candidate, b, null), neg.evaluateLinear(candidate, b, null), alpha);
            }, bounds, r -> initial(r, localised.length, m, std), StopRule.iterations(generations, patience)
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

    private static double[] initial(SplittableRandom r, int n, double mean, double std) {
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
