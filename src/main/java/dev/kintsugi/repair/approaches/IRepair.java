package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.finetune.LossTraining;
import dev.kintsugi.repair.finetune.MaskedUpdate;
import dev.kintsugi.repair.finetune.MaskedUpdate.Param;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * I-Repair (Henriksen, Leofante, Lomuscio), following {@code vas-group-imperial/I-Repair}
 * ({@code src/repair.py}, {@code src/influence_estimation/influence_estimator.py}), "Edge" mode, the one
 * its benchmark scripts run. Every iteration:
 * <ol>
 *   <li>Specific influence: ∂CE/∂θ, the mean cross-entropy over the specific inputs the model still gets
 *       wrong (margin = output of the label − output of the argmax ≠ 0), for every parameter θ.</li>
 *   <li>General influence: ∂(Σ|f(x)|/n)/∂θ over the general set: the gradient of the mean absolute output
 *       (summed over classes), not of a loss.</li>
 *   <li>Score (|spec| + 1e-8) / (γ·|gen| + 1e-8) with γ ({@code general_influence_mul}) = 10; parameters
 *       with a score ≥ 1 are trainable this iteration, every other gradient entry is zeroed. This covers
 *       every weight and bias (Conv, Linear, batch-norm γ/β): all the network's trainable parameters.</li>
 *   <li>One RMSprop step (PyTorch's: lr 1e-4, α 0.99, ε 1e-8, state kept across iterations) on the mean
 *       cross-entropy over the general set together with <em>all</em> specific inputs, repaired or not.</li>
 * </ol>
 * It stops when every specific input is repaired (every margin is 0) or after {@code max_iters} = 500
 * iterations (the code's default; the MNIST script passes 5,000). The specific set is the repair split's
 * negatives; the general set is a class-balanced sample of {@code general} = 40 correctly classified
 * inputs, taken here from the repair split's positives in their order, round-robin over classes (the
 * script's {@code create_sets(..., balanced=True)} takes them from its validation loader; the valid split
 * is the regression guard's, so it is left alone).
 *
 * <p>Deviations: the original's network runs in train mode during the step with batch norm held in eval
 * mode; here the whole step runs in inference mode, which is the same for the zoo's networks except that
 * dropout, where a zoo option adds it, is off during the step. "Node" mode is not built. The regression
 * guard is offered the model every 50 iterations and at the end. Runs on every zoo architecture: it needs
 * only gradients. Options: {@code gamma}, {@code lr}, {@code maxIters}, {@code general}.
 */
public final class IRepair implements RepairApproach {
    /** Keeps the score's denominator and numerator off zero, as the original does. */
    static final double STABILISER = 1e-8;

    @Override
    public String name() {
        return "irepair";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "Henriksen, Leofante, Lomuscio, I-Repair, SAC 2022";
    }

    @Override
    public String summary() {
        return "each step, train only weights more influential on the failures than (gamma x) on a general set";
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("gamma", "general", "lr", "maxIters"));
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            double gamma = context.doubleOption("gamma", 10);
            double lr = context.doubleOption("lr", 1e-4);
            int maxIters = context.intOption("maxIters", 500);
            int generalSize = context.intOption("general", 40);
            if (gamma <= 0 || lr <= 0 || maxIters < 1 || generalSize < 0) {
                throw new KintsugiException("irepair needs gamma > 0, lr > 0, maxIters >= 1 and general >= 0");
            }
            Dataset general = balanced(context.positives(), generalSize);
            Dataset specific = context.negatives();
            List<Param> params = MaskedUpdate.trainable(fixed);
            MaskedUpdate.RmsProp rmsprop = MaskedUpdate.RmsProp.torchDefaults(lr);
            List<Integer> remainingByIteration = new ArrayList<>();
            List<Double> trainableShare = new ArrayList<>();
            long total = fixed.parameterCount();
            int iterations = 0;
            int[] remaining = remaining(fixed, specific);
            while (remaining.length > 0 && iterations < maxIters && !context.outOfTime()) {
                Map<String, float[]> masks = iterate(fixed, params, general, specific, remaining, gamma, rmsprop);
                trainableShare.add((double) MaskedUpdate.selected(masks) / total);
                iterations++;
                remaining = remaining(fixed, specific);
                remainingByIteration.add(remaining.length);
                if (iterations % 50 == 0) {
                    context.guard().consider(fixed, "irepair iteration " + iterations);
                }
            }
            details.put("generalInputs", general.size());
            details.put("iterations", iterations);
            details.put("stillFailing", remaining.length);
            details.put("stopReason", remaining.length == 0 ? "all specific inputs repaired"
                    : iterations >= maxIters ? "max iterations" : "time budget");
            details.put("remainingByIteration", remainingByIteration);
            details.put("trainableShareByIteration", trainableShare);
        });
    }

    /**
     * One I-Repair iteration ({@code _repair_once_edges}): scores every parameter on the still failing
     * {@code remaining} rows of {@code specific}, masks and takes one RMSprop step on general ∪ specific.
     * Returns the masks used.
     */
    static Map<String, float[]> iterate(Network net, List<Param> params, Dataset general, Dataset specific,
                                        int[] remaining, double gamma, MaskedUpdate.RmsProp rmsprop) {
        Map<String, float[]> scores = scores(net, params, general,
                specific.subset(specific.name() + "/remaining", remaining), gamma);
        Map<String, float[]> masks = new LinkedHashMap<>();
        scores.forEach((k, s) -> {
            float[] m = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                m[i] = s[i] >= 1 ? 1 : 0;
            }
            masks.put(k, m);
        });
        Dataset both = Dataset.concat("general+specific", List.of(general, specific));
        rmsprop.step(params, MaskedUpdate.gradients(net, params, both, MaskedUpdate::crossEntropySum, false), masks);
        return masks;
    }

    /**
     * The edge scores (|∂CE_specific/∂θ| + 1e-8) / (γ·|∂(Σ|f|/n)_general/∂θ| + 1e-8) of every parameter,
     * keyed by {@link Param#key()}.
     */
    static Map<String, float[]> scores(Network net, List<Param> params, Dataset general, Dataset specific,
                                       double gamma) {
        Map<String, float[]> spec = MaskedUpdate.gradients(net, params, specific, MaskedUpdate::crossEntropySum, false);
        Map<String, float[]> gen = MaskedUpdate.gradients(net, params, general, IRepair::absoluteOutputSum, false);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : params) {
            float[] s = spec.get(p.key());
            float[] g = gen.get(p.key());
            float[] score = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                score[i] = (float) ((Math.abs(s[i]) + STABILISER) / (gamma * Math.abs(g[i]) + STABILISER));
            }
            out.put(p.key(), score);
        }
        return out;
    }

    /** Σ|f(x)| over a batch's outputs and classes: the original's general-set "loss" before dividing by n. */
    static NDArray absoluteOutputSum(NDArray outputs, NDArray labels) {
        return outputs.abs().sum();
    }

    /** Rows of {@code data} whose margin (label's output − the largest output) is not 0: still failing. */
    static int[] remaining(Network net, Dataset data) {
        int k = net.numClasses();
        float[] out = LossTraining.outputs(net, data);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, out[i * k + c]);
            }
            if (out[i * k + data.label(i)] - max != 0) {
                rows.add(i);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A class-balanced subset of {@code data} of at most {@code size} inputs: classes take turns (in label
     * order), each contributing its next input in data order, until {@code size} are taken or none is left.
     */
    static Dataset balanced(Dataset data, int size) {
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            byLabel.computeIfAbsent(data.label(i), l -> new ArrayList<>()).add(i);
        }
        List<Integer> picked = new ArrayList<>();
        int round = 0;
        boolean any = true;
        while (picked.size() < size && any) {
            any = false;
            for (List<Integer> rows : byLabel.values()) {
                if (round < rows.size() && picked.size() < size) {
                    picked.add(rows.get(round));
                    any = true;
                }
            }
            round++;
        }
        return data.subset(data.name() + "/general", picked.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
}
