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
 * CARE (Sun, Sun, Wang, Sun, Dong; ICSE 2022), following {@code sunbingsmu/care}
 * ({@code mnist_nnrepair/source/causal_inference.py}): causality-based neuron localisation, then PSO over
 * multiplicative factors of the chosen neurons.
 *
 * <ol>
 *   <li>Localise ({@code get_tie_do_h}): for each neuron h_i at the split, intervene do(h_i = v) for
 *       {@code CALSAL_STEP} = 4 values {@code linspace(min, max, 4)} of its observed range and record the
 *       mean output probability of the class of interest ({@code model2.predict}, the model's own softmax
 *       output, not a second softmax: see {@link NeuronEffects}); rank neurons by the spread (max − min)
 *       of that average causal effect; keep the top {@code REP_N} = 5.</li>
 *   <li>Search factors r in [-10, 10]^5, h_i ← r_i·h_i, with pyswarms' {@code GlobalBestPSO}
 *       ({@link ParticleSwarm}: 20 particles, w 0.8, c1 = c2 = 0.41, {@code init_pos} all ones, periodic
 *       bounds, 100 iterations, ftol 1e-3 over ftol_iter 10); cost = (1 − α)·(share of negatives still
 *       wrong) + α·(1 − accuracy on the positives), α = 0.1 (the MNIST repair script's setting).</li>
 *   <li>Fold the factors into the outgoing weights (columns of the output layer), so the fixed model is
 *       an ordinary network.</li>
 * </ol>
 * Deviations, each stated:
 * <ul>
 *   <li>Split layer. The MNIST repair script sets {@code SPLIT_LAYER = 4} (the backdoor script 6) on a model
 *       shipped only as an .h5 file; the split runs {@code model.layers[4:]} on {@code layers[3].output}.
 *       Its commented-out repair indices above 1,500 show the split sits at a flattened convolutional
 *       feature map, not at the last hidden dense layer. This port intervenes at the input of the output
 *       layer (the last hidden layer's neurons), where the factors fold into one linear layer and every
 *       candidate costs one cached matrix product.</li>
 *   <li>Class of interest. The original measures the backdoor target class on clean and trigger-stamped
 *       batches; for misclassification repair the effect is measured on each negative's true class, the
 *       range is the negatives' own, and "undesired behaviour" is a negative still being wrong.</li>
 *   <li>Data. The original draws a fresh generator batch for every cost evaluation (a noisy objective)
 *       and measures accuracy on all of a clean batch; here the cost is computed on the fixed repair split
 *       (all negatives, accuracy on the positives).</li>
 * </ul>
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

    /** Reads only the output layer and its input, so a TorchScript module with a declared head works too. */
    @Override
    public Needs needs() {
        return Needs.OUTPUT_LAYER;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "iterations", "neurons", "particles", "steps"));
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
            SearchResult result = new ParticleSwarm(particles, 0.8, 0.41, 0.41).minimise(
                    r -> cost(neg, pos, w, b, chosen, r, alpha), Bounds.uniform(chosen.length, -10, 10), r -> ones(chosen.length),
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

    /**
     * CARE's {@code pso_test_rep} cost of factors {@code r} on neurons {@code chosen}: (1 − α)·(share of
     * negatives still wrong) + α·(1 − accuracy on the positives).
     */
    static double cost(ActivationCache neg, ActivationCache pos, float[] w, float[] b, int[] chosen, double[] r,
                       double alpha) {
        float[] scale = new float[neg.width()];
        Arrays.fill(scale, 1f);
        for (int i = 0; i < chosen.length; i++) {
            scale[chosen[i]] = (float) r[i];
        }
        double stillWrong = neg.size() == 0 ? 0 : 1.0 - (double) neg.evaluateLinear(w, b, scale).correctCount() / neg.size();
        double accuracy = pos.size() == 0 ? 1 : (double) pos.evaluateLinear(w, b, scale).correctCount() / pos.size();
        return (1 - alpha) * stillWrong + alpha * (1 - accuracy);
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        Arrays.fill(x, 1);
        return x;
    }
}
