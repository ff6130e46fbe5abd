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

import java.util.SplittableRandom;

/**
 * The random baseline (after Kim et al., arXiv 2301.11568, who found random repair matching many published
 * approaches): Arachne without its intelligence, at Arachne's size. It changes as many output-layer weights as
 * Arachne's localisation would pick on the same model and data (option {@code weights} overrides), but picks them
 * uniformly at random, and replaces search by random sampling: {@code trials} candidates (default 1000, ten DE
 * generations' worth), each drawing the chosen weights from N(mean, std) of the layer's weights (Arachne's initial
 * distribution), judged by Arachne's fitness on the repair split; the best is kept. Seeded by the repair seed.
 */
public final class RandomRepair implements RepairApproach {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "random baseline after Kim et al., arXiv 2301.11568";
    }

    /** Reads only the output layer and its input, so a TorchScript module with a declared head works too. */
    @Override
    public Needs needs() {
        return Needs.OUTPUT_LAYER;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "trials", "weights"));
    }

    @Override
    public String summary() {
        return "as many random output-layer weights as Arachne localises, set by random sampling (a fair baseline)";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int trials = context.intOption("trials", 1000);
            double alpha = context.doubleOption("alpha", 10);
            int head = fixed.headIndex();
            float[] w = fixed.parameterValues(head, "weight");
            float[] b = fixed.parameterValues(head, "bias");
            ActivationCache neg = ActivationCache.of(fixed, context.negatives(), head);
            ActivationCache pos = ActivationCache.of(fixed, context.positives(), head);
            int size = context.intOption("weights", arachneSize(neg, pos, w, b));
            SplittableRandom random = new SplittableRandom(context.seed());
            int[] chosen = sample(w.length, Math.min(size, w.length), random);
            double mean = 0;
            for (float v : w) {
                mean += v;
            }
            mean /= w.length;
            double var = 0;
            for (float v : w) {
                var += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(var / w.length);
            float[] candidate = w.clone();
            float[] best = w.clone();
            double bestFitness = Arachne.fitness(pos.evaluateLinear(w, b, null), neg.evaluateLinear(w, b, null), alpha);
            int tried = 0;
            for (; tried < trials && !context.outOfTime(); tried++) {
                for (int i : chosen) {
                    candidate[i] = (float) (mean + std * random.nextGaussian());
                }
                double f = Arachne.fitness(pos.evaluateLinear(candidate, b, null), neg.evaluateLinear(candidate, b, null),
                        alpha);
                if (f > bestFitness) {
                    bestFitness = f;
                    best = candidate.clone();
                }
            }
            fixed.setParameterValues(head, "weight", best);
            details.put("weights", chosen.length);
            details.put("trials", tried);
            details.put("bestFitness", bestFitness);
        });
    }

    /** How many weights Arachne's localisation picks here: the Pareto front of its top 20·|negatives| by gradient loss. */
    static int arachneSize(ActivationCache neg, ActivationCache pos, float[] w, float[] b) {
        double[] gl = WeightScores.contrast(WeightScores.gradientLoss(neg, w, b), WeightScores.gradientLoss(pos, w, b));
        double[] fi = WeightScores.contrast(WeightScores.forwardImpact(neg, w, b.length),
                WeightScores.forwardImpact(pos, w, b.length));
        return ParetoFront.of(ParetoFront.top(gl, Math.min(w.length, 20 * neg.size())), gl, fi).length;
    }

    /** {@code k} distinct indices below {@code n}, uniformly (a partial Fisher-Yates shuffle). */
    static int[] sample(int n, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
