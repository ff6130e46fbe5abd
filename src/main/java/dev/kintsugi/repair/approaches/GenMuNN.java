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
import dev.kintsugi.repair.search.GeneticAlgorithm;
import dev.kintsugi.repair.search.SearchResult;
import dev.kintsugi.repair.search.StopRule;

import java.util.List;
import java.util.SplittableRandom;

/**
 * GenMuNN (IJMSSC 2023): a genetic algorithm over mutants of a network's most important weights, fitness
 * = accuracy on the repair split.
 *
 * <p>Only the abstract is public (no code was found for it, nor for a reimplementation), so there is no
 * original to check these steps against; the details here are this port's choices, stated plainly:
 * <ul>
 *   <li>weights of the output layer, ranked by their importance to the failing predictions,
 *       |∂L/∂w|·|w| on the repair split's negatives; the top {@code weights} (default 100) are mutated;</li>
 *   <li>a mutant is a vector of additive changes to those weights, started as Gaussian noise with
 *       sigma = 0.5 × the layer's weight std (one individual is the unchanged model, so near-identity
 *       mutants can win, as the study's very low NFR for GM suggests);</li>
 *   <li>GA: population 30, 2 elites, tournament of 3, uniform crossover, Gaussian mutation of 10% of
 *       genes (sigma 5% of the bound range), changes bounded by ±3 std; up to 50 generations, stop after
 *       10 without improvement; fitness = accuracy on the whole repair split (cached: one small matrix
 *       product per mutant).</li>
 * </ul>
 * Options: {@code weights}, {@code population}, {@code generations}, {@code patience}.
 */
public final class GenMuNN implements RepairApproach {
    @Override
    public String name() {
        return "genmunn";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "GenMuNN, IJMSSC 2023 (abstract only; details inferred)";
    }

    /** Reads only the output layer and its input, so a TorchScript module with a declared head works too. */
    @Override
    public Needs needs() {
        return Needs.OUTPUT_LAYER;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("generations", "patience", "population", "weights"));
    }

    @Override
    public String summary() {
        return "genetic algorithm over mutants of the most important output-layer weights, fitness = repair accuracy";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int head = fixed.headIndex();
            float[] w = fixed.parameterValues(head, "weight");
            float[] b = fixed.parameterValues(head, "bias");
            ActivationCache neg = ActivationCache.of(fixed, context.negatives(), head);
            ActivationCache all = ActivationCache.of(fixed, Dataset.concat("repair", List.of(context.negatives(),
                    context.positives())), head);
            double[] importance = importance(neg, w, b);
            int[] mutated = ParetoFront.top(importance, Math.min(w.length, context.intOption("weights", 100)));
            double std = std(w);
            float[] candidate = w.clone();
            int[] calls = {0};
            SearchResult result = new GeneticAlgorithm(context.intOption("population", 30), 2, 3, 0.1, 0.05).minimise(x -> {
                for (int i = 0; i < mutated.length; i++) {
                    candidate[mutated[i]] = w[mutated[i]] + (float) x[i];
                }
                return error(all, candidate, b);
            }, Bounds.uniform(mutated.length, -3 * std, 3 * std), r -> calls[0]++ == 0 ? new double[mutated.length]
                    : noise(r, mutated.length, 0.5 * std),
                    StopRule.iterations(context.intOption("generations", 50), context.intOption("patience", 10))
                            .withDeadline(context::outOfTime), context.seed());
            for (int i = 0; i < mutated.length; i++) {
                w[mutated[i]] += (float) result.best()[i];
            }
            fixed.setParameterValues(head, "weight", w);
            details.put("mutatedWeights", mutated.length);
            details.put("repairAccuracy", 1 - result.bestCost());
            details.put("generations", result.iterations());
            details.put("stopReason", result.stopReason());
            details.put("errorByGeneration", result.history());
        });
    }

    /** |∂L/∂w|·|w| of the mean cross-entropy on the negatives, row-major like {@code w}. */
    static double[] importance(ActivationCache negatives, float[] w, float[] b) {
        double[] grad = WeightScores.gradientLoss(negatives, w, b);
        double[] importance = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            importance[i] = grad[i] * Math.abs(w[i]);
        }
        return importance;
    }

    /** The cost the GA minimises: the error rate of the output layer {@code w, b} on the whole repair split. */
    static double error(ActivationCache repair, float[] w, float[] b) {
        return 1.0 - (double) repair.evaluateLinear(w, b, null).correctCount() / repair.size();
    }

    /** The population standard deviation of the layer's weights ({@code np.std}). */
    static double std(float[] w) {
        double mean = 0;
        for (float v : w) {
            mean += v;
        }
        mean /= w.length;
        double var = 0;
        for (float v : w) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / w.length);
    }

    /** {@code n} draws of N(0, sigma) (Box-Muller): a mutant's initial changes. */
    static double[] noise(SplittableRandom r, int n, double sigma) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - r.nextDouble();
            x[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return x;
    }
}
