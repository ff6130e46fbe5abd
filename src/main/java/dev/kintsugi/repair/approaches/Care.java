package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.localize.NeuronEffects;
import dev.kintsugi.repair.localize.ParetoFront;
import dev.kintsugi.repair.search.Bounds;
import dev.kintsugi.repair.search.ParticleSwarm;
import dev.kintsugi.repair.search.SearchResult;
import dev.kintsugi.repair.search.StopRule;

import java.util.Arrays;

/**
 * CARE (Sun, Sun, Wang, Sun, Dong; ICSE 2022), following {@code sunbingsmu/care}: causality-based neuron
 * localisation, then PSO over multiplicative factors of the chosen neurons.
 *
 * <ol>
 *   <li>Localise at the input of the output layer (the last hidden layer's neurons): for each neuron,
 *       intervene do(h = v) for 4 values over its observed range on the negatives and record the mean
 *       probability of the true class; rank neurons by the spread of that average causal effect; keep
 *       the top 5.</li>
 *   <li>Search factors r in [-10, 10]^5, h_i ← r_i·h_i, with global-best PSO (20 particles, w 0.8,
 *       c1 = c2 = 0.41, all particles starting at r = 1, 100 iterations, stop when the best cost improves
 *       by less than 1e-3 for 10 iterations); cost = (1 − α)·(share of negatives still wrong) + α·(1 −
 *       accuracy on the positives), α = 0.1 (the original's MNIST setting).</li>
 *   <li>Fold the factors into the outgoing weights (columns of the output layer), so the fixed model is
 *       an ordinary network.</li>
 * </ol>
 * Deviation: the original measures the effect on the class of interest of a backdoor or fairness
 * property; for misclassification repair the effect is measured on each negative's true class.
 * Options: {@code neurons}, {@code alpha}, {@code iterations}, {@code particles}, {@code steps}.
 */
public final class Care implements RepairApproach {
    @Override
    public String name() {
        return "care";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "Sun et al., CARE, ICSE 2022";
    }

    @Override
    public String summary() {
        return "rank last-hidden neurons by causal effect, scale the top 5 with PSO-searched factors";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int count = context.intOption("neurons", 5);
            double alpha = context.doubleOption("alpha", 0.1);
            int iterations = context.intOption("iterations", 100);
            int particles = context.intOption("particles", 20);
            int steps = context.intOption("steps", 4);
            int head = fixed.headIndex();
            double[] effect = NeuronEffects.averageCausalEffectRange(fixed, context.negatives(), head, steps);
            int[] chosen = ParetoFront.top(effect, Math.min(count, effect.length));
            details.put("neurons", chosen);
            details.put("causalEffectRange", Arrays.stream(chosen).mapToDouble(i -> effect[i]).toArray());

            float[] w = fixed.parameterValues(head, "weight");
            float[] b = fixed.parameterValues(head, "bias");
            ActivationCache neg = ActivationCache.of(fixed, context.negatives(), head);
            ActivationCache pos = ActivationCache.of(fixed, context.positives(), head);
            float[] scale = new float[neg.width()];
            SearchResult result = new ParticleSwarm(particles, 0.8, 0.41, 0.41).minimise(r -> {
                Arrays.fill(scale, 1f);
                for (int i = 0; i < chosen.length; i++) {
                    scale[chosen[i]] = (float) r[i];
                }
                double stillWrong = 1.0 - (double) neg.evaluateLinear(w, b, scale).correctCount() / neg.size();
                double accuracy = pos.size() == 0 ? 1 : (double) pos.evaluateLinear(w, b, scale).correctCount() / pos.size();
                return (1 - alpha) * stillWrong + alpha * (1 - accuracy);
            }, Bounds.uniform(chosen.length, -10, 10), r -> ones(chosen.length),
                    StopRule.iterations(iterations, 10).withTolerance(1e-3).withDeadline(context::outOfTime),
                    context.seed());

            int width = neg.width();
            for (int i = 0; i < chosen.length; i++) {
                for (int c = 0; c < b.length; c++) {
                    w[c * width + chosen[i]] *= (float) result.best()[i];
                }
            }
            fixed.setParameterValues(head, "weight", w);
            details.put("factors", result.best());
            details.put("cost", result.bestCost());
            details.put("iterations", result.iterations());
            details.put("stopReason", result.stopReason());
            details.put("costByIteration", result.history());
        });
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        Arrays.fill(x, 1);
        return x;
    }
}
