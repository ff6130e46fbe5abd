package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.localize.OutputGradients;
import dev.kintsugi.repair.localize.RegressionLocalisation;
import dev.kintsugi.repair.localize.WeightScores;
import dev.kintsugi.repair.search.ConstrictionSwarm;
import dev.kintsugi.repair.search.SearchResult;
import dev.kintsugi.repair.search.StopRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * NeuRecover (Tokui, Tokumoto, Yoshii, Ishikawa, Nakagawa, Munakata, Kikuchi; SANER 2022), following
 * jst-qaml/eAI-Repair-Toolkit's {@code NeuRecover}, which extends that toolkit's Arachne:
 * <ol>
 *   <li>Training history: the model (epoch n) and the epoch before it (n−1), which {@code kintsugi train
 *       --keep-history} keeps in the model directory. A model without it is refused in one line.</li>
 *   <li>Both epochs classify the repair split (its negatives plus its positives, the original's I_neg ∪
 *       positive data); deg = inputs right at n−1 and wrong at n (regressions), imp = wrong at n−1 and right
 *       at n.</li>
 *   <li>{@link RegressionLocalisation}: per parameter array, the weight diff, the gradient of the summed
 *       outputs ({@link OutputGradients}) and the forward impact of dense kernels on deg and on imp give a
 *       suspiciousness and a count k; the selected weights are (top-k FI_deg ∩ top-k grad_deg) ∩ top-k diff
 *       minus (top-k FI_imp ∩ top-k grad_imp), reduction rate 1.0. Only dense kernels can be selected, in any
 *       dense layer. The summed outputs are the class probabilities ({@code gradient=probabilities}, the
 *       default), as in the original, whose models end in a softmax: their sum is constant, so this gradient
 *       is zero up to float rounding and its ranking is close to arbitrary, there and here.
 *       {@code gradient=logits} ranks by the logits' gradient instead, an informative ranking that NeuRecover
 *       does not use.</li>
 *   <li>Search: Arachne's particle swarm ({@link ConstrictionSwarm}: 100 particles, φ = 4.1, at most 100
 *       iterations, stop when 10 iterations bring no better patch); each weight starts from N(mean, std) of
 *       its sibling weights (those of its layer's kernel in neither its row nor its column); velocity
 *       magnitudes clamped into [wb/5, 5·wb] with wb = max − min of the layer's kernel; fitness (maximised)
 *       (N_patched/|I_neg| + 1)/(L_neg + 1) + α·(N_intact/|I_pos| + 1)/(L_pos + 1), α = 1, L the mean
 *       cross-entropy, over all negatives and 200 positives drawn with replacement.</li>
 * </ol>
 * Differences: the original's loss is Keras's categorical cross-entropy on the model's output (the
 * probabilities when the model ends in a softmax); here it is the cross-entropy of the outputs taken as
 * logits, as everywhere in Kintsugi. Random streams are Java's. The original fails (NaN counts) when no
 * input improved between the epochs; here imp is then empty and nothing is subtracted. When no input
 * regressed, this refuses in one line (there is nothing for NeuRecover to undo). A weight is selected only
 * where three top-k sets of its layer agree (and a fourth does not). At the original's rate k is about 5% of a
 * LeNet-5 kernel, and such intersections are often empty or tiny: on the study benchmark's Fashion-MNIST
 * LeNet-5s of seeds 0, 1 and 2 it selects 0, 0 and 1 weight. The original would then search an empty patch
 * and return the model unchanged. Here the rate doubles while nothing is selected, up to
 * {@code maxReductionRate} (default 8; the rate used is in the run's details), and only if that still selects
 * nothing does it refuse in one line. Set {@code maxReductionRate=1} for the original's fixed rate.
 * Runs on every zoo architecture: its weights are in dense layers, which all of them end with.
 * Options: {@code alpha}, {@code particles} (also read as {@code population}), {@code iterations},
 * {@code patience}, {@code positives} (how many are drawn), {@code reductionRate}, {@code maxReductionRate},
 * {@code gradient} ({@code probabilities} or {@code logits}), {@code phi}.
 */
public final class NeuRecover implements RepairApproach {
    @Override
    public String name() {
        return "nr";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.NEURON;
    }

    @Override
    public String paper() {
        return "Tokui et al., NeuRecover, SANER 2022";
    }

    @Override
    public String summary() {
        return "localise dense weights that changed and caused regressions in the last epoch, set them by PSO";
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "gradient", "iterations", "maxReductionRate", "particles", "patience", "phi",
                "population", "positives", "reductionRate"));
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        EpochHistory history = context.history().orElseThrow(() -> new KintsugiException("nr (NeuRecover) needs the "
                + "model's training history, the epoch before its last one, and this model has none: train it with "
                + "kintsugi train --keep-history"));
        return RepairRun.of(this, original, context, (fixed, details) -> {
            double alpha = context.doubleOption("alpha", 1.0);
            int particles = context.intOption("particles", context.intOption("population", 100));
            int iterations = context.intOption("iterations", 100);
            int patience = context.intOption("patience", 10);
            int positiveDraws = context.intOption("positives", 200);
            double reductionRate = context.doubleOption("reductionRate", 1.0);
            double maxReductionRate = context.doubleOption("maxReductionRate", 8.0);
            if (!(reductionRate > 0) || !(maxReductionRate >= reductionRate)) {
                throw new KintsugiException("nr: reductionRate must be > 0 and maxReductionRate >= reductionRate, got "
                        + reductionRate + " and " + maxReductionRate);
            }
            double phi = context.doubleOption("phi", 4.1);
            OutputGradients.Of gradient = gradientOption(context.option("gradient", "probabilities"));
            details.put("epochs", history.previousEpoch() + " -> " + history.lastEpoch());

            List<Target> targets;
            try (Network previous = history.previousNetwork(original.spec())) {
                targets = localise(fixed, previous, context.negatives(), context.positives(), reductionRate,
                        maxReductionRate, gradient, details);
            }
            if (targets.isEmpty()) {
                throw new KintsugiException("nr localised no weight for the " + details.get("regressed")
                        + " regressed inputs, even at reduction rate " + details.get("reductionRateUsed")
                        + "; there is nothing for NeuRecover to change (a larger --set maxReductionRate widens the search)");
            }
            details.put("localisedWeights", targets.size());

            Dataset positives = drawWithReplacement(context.positives(), positiveDraws, context.seed());
            SearchResult result;
            try (Fitness fitness = new Fitness(fixed, targets, context.negatives(), positives, alpha)) {
                double[] vMin = new double[targets.size()];
                double[] vMax = new double[targets.size()];
                double[] mean = new double[targets.size()];
                double[] std = new double[targets.size()];
                for (int i = 0; i < targets.size(); i++) {
                    Target t = targets.get(i);
                    float[] kernel = fitness.kernel(t.layer());
                    double wb = range(kernel);
                    vMin[i] = wb / 5;
                    vMax[i] = wb * 5;
                    double[] ms = siblingMeanStd(kernel, t.rows(), t.index());
                    mean[i] = ms[0];
                    std[i] = ms[1];
                }
                StopRule stop = StopRule.iterations(iterations, patience).withTarget(-(2 + 2 * alpha))
                        .withDeadline(context::outOfTime);
                result = new ConstrictionSwarm(particles, phi).minimise(x -> -fitness.of(x), vMin, vMax,
                        r -> normal(r, mean, std), stop, context.seed());
                fitness.apply(result.best());
            }
            details.put("iterations", result.iterations());
            details.put("evaluations", result.evaluations());
            details.put("bestFitness", -result.bestCost());
            details.put("stopReason", result.stopReason());
        });
    }

    /** One localised weight: its layer, the flat index in that layer's kernel, and the kernel's row count. */
    record Target(int layer, int index, int rows) {
    }

    /**
     * Steps 2 and 3: deg and imp from the two epochs on the repair split, then the selected dense-kernel
     * weights, in layer order and ascending index within a layer.
     */
    /** At one fixed rate, ranking by the logits' gradient: the convention of tools/neurecover_reference.py. */
    static List<Target> localise(Network last, Network previous, Dataset negatives, Dataset positives,
                                 double reductionRate, Map<String, Object> details) {
        return localise(last, previous, negatives, positives, reductionRate, reductionRate, OutputGradients.Of.LOGITS,
                details);
    }

    static OutputGradients.Of gradientOption(String value) {
        return switch (value) {
            case "probabilities" -> OutputGradients.Of.PROBABILITIES;
            case "logits" -> OutputGradients.Of.LOGITS;
            default -> throw new KintsugiException("nr: option gradient=" + value + " must be probabilities or logits");
        };
    }

    static List<Target> localise(Network last, Network previous, Dataset negatives, Dataset positives,
                                 double reductionRate, double maxReductionRate, OutputGradients.Of gradient,
                                 Map<String, Object> details) {
        Dataset data = Dataset.concat("repair", List.of(negatives, positives));
        Predictions now = Predictor.predict(last, data);
        Predictions before = Predictor.predict(previous, data);
        List<Integer> deg = new ArrayList<>();
        List<Integer> imp = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (before.correct(i) && !now.correct(i)) {
                deg.add(i);
            } else if (!before.correct(i) && now.correct(i)) {
                imp.add(i);
            }
        }
        details.put("regressed", deg.size());
        details.put("improved", imp.size());
        if (deg.isEmpty()) {
            throw new KintsugiException("nr found no regression between epochs: no input of the repair split that the "
                    + "previous epoch got right is wrong now, so there is nothing for NeuRecover to undo");
        }
        Dataset degData = data.subset("deg", deg.stream().mapToInt(Integer::intValue).toArray());
        Dataset impData = data.subset("imp", imp.stream().mapToInt(Integer::intValue).toArray());
        Map<String, double[]> gradDeg = OutputGradients.of(last, degData, gradient);
        Map<String, double[]> gradImp = OutputGradients.of(last, impData, gradient);
        List<RegressionLocalisation.ArrayScores> arrays = new ArrayList<>();
        List<int[]> where = new ArrayList<>(); // layer, rows, dense kernel (1) or not (0)
        for (Layer layer : last.layers()) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                String key = layer.index() + "/" + p.name();
                float[] w = last.parameterValues(layer.index(), p.name());
                double[] diff = RegressionLocalisation.absDiff(w, previous.parameterValues(layer.index(), p.name()));
                boolean denseKernel = layer.kind().equals("Linear") && p.name().equals("weight");
                double[] fiDeg = null;
                double[] fiImp = null;
                int rows = (int) p.shape()[0];
                if (denseKernel) {
                    fiDeg = WeightScores.forwardImpact(ActivationCache.of(last, degData, layer.index()), w, rows);
                    if (impData.size() > 0) {
                        fiImp = WeightScores.forwardImpact(ActivationCache.of(last, impData, layer.index()), w, rows);
                    }
                }
                arrays.add(new RegressionLocalisation.ArrayScores(diff, gradDeg.get(key),
                        impData.size() > 0 ? gradImp.get(key) : null, fiDeg, fiImp));
                where.add(new int[] {layer.index(), rows});
            }
        }
        RegressionLocalisation.Widened widened = RegressionLocalisation.selectWidening(arrays, reductionRate,
                maxReductionRate);
        details.put("reductionRateUsed", widened.reductionRate());
        List<RegressionLocalisation.Selection> selections = widened.selections();
        List<Target> targets = new ArrayList<>();
        Map<String, Double> suspicious = new LinkedHashMap<>();
        int a = 0;
        for (Layer layer : last.layers()) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                RegressionLocalisation.Selection s = selections.get(a);
                if (s.suspiciousness() > 0) {
                    suspicious.put(layer.name() + "/" + p.name(), s.suspiciousness());
                }
                for (int index : s.selected()) {
                    targets.add(new Target(where.get(a)[0], index, where.get(a)[1]));
                }
                a++;
            }
        }
        details.put("suspiciousness", suspicious);
        return targets;
    }

    /**
     * Mean and population standard deviation of the kernel's weights that share neither the row nor the
     * column of weight {@code index} ({@code _get_initial_particle_positions}); all of them for a kernel with
     * one row or one column.
     */
    static double[] siblingMeanStd(float[] kernel, int rows, int index) {
        int cols = kernel.length / rows;
        int row = index / cols;
        int col = index % cols;
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if ((r != row && c != col) || rows == 1 || cols == 1) {
                    double v = kernel[r * cols + c];
                    sum += v;
                    sq += v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / n - mean * mean))};
    }

    private static double range(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }

    private static double[] normal(SplittableRandom r, double[] mean, double[] std) {
        double[] x = new double[mean.length];
        for (int i = 0; i < x.length; i++) {
            double u = 1 - r.nextDouble();
            double v = r.nextDouble();
            x[i] = mean[i] + std[i] * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return x;
    }

    /** {@code _sample_positive_inputs}: {@code count} draws with replacement (seeded). */
    static Dataset drawWithReplacement(Dataset positives, int count, long seed) {
        if (positives.size() == 0) {
            return positives;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] picks = new int[count];
        for (int i = 0; i < count; i++) {
            picks[i] = r.nextInt(positives.size());
        }
        return positives.subset(positives.name() + "/drawn", picks);
    }

    /**
     * NeuRecover's fitness of a candidate: the candidate's values are written into the localised kernels and
     * the layers from the first localised one on run over cached inputs.
     */
    static final class Fitness implements AutoCloseable {
        private final Network network;
        private final List<Target> targets;
        private final int from;
        private final Map<Integer, float[]> kernels = new LinkedHashMap<>();
        private final NDManager manager;
        private final NDArray negInput;
        private final NDArray posInput;
        private final int[] negLabels;
        private final int[] posLabels;
        private final double alpha;

        Fitness(Network network, List<Target> targets, Dataset negatives, Dataset positives, double alpha) {
            this.network = network;
            this.targets = targets;
            this.alpha = alpha;
            TreeSet<Integer> layers = new TreeSet<>();
            targets.forEach(t -> layers.add(t.layer()));
            this.from = layers.first();
            for (int layer : layers) {
                kernels.put(layer, network.parameterValues(layer, "weight"));
            }
            this.manager = network.manager().newSubManager();
            this.negInput = cached(negatives);
            this.posInput = positives.size() == 0 ? null : cached(positives);
            this.negLabels = negatives.labels();
            this.posLabels = positives.labels();
        }

        private NDArray cached(Dataset data) {
            ActivationCache cache = ActivationCache.of(network, data, from);
            float[] values = new float[cache.size() * cache.width()];
            for (int i = 0; i < cache.size(); i++) {
                for (int j = 0; j < cache.width(); j++) {
                    values[i * cache.width() + j] = cache.value(i, j);
                }
            }
            return manager.create(values, new ai.djl.ndarray.types.Shape(cache.size(), cache.width()));
        }

        float[] kernel(int layer) {
            return kernels.get(layer);
        }

        /** Writes the candidate into the network's kernels. */
        void apply(double[] x) {
            Map<Integer, float[]> candidate = new LinkedHashMap<>();
            kernels.forEach((layer, k) -> candidate.put(layer, k.clone()));
            for (int i = 0; i < targets.size(); i++) {
                candidate.get(targets.get(i).layer())[targets.get(i).index()] = (float) x[i];
            }
            candidate.forEach((layer, k) -> network.setParameterValues(layer, "weight", k));
        }

        double of(double[] x) {
            apply(x);
            double[] neg = score(negInput, negLabels);
            double fitness = (neg[0] / negLabels.length + 1) / (neg[1] + 1);
            if (posInput != null) {
                double[] pos = score(posInput, posLabels);
                fitness += alpha * (pos[0] / posLabels.length + 1) / (pos[1] + 1);
            }
            return fitness;
        }

        /** {right, mean cross-entropy} of the network from layer {@code from} on cached inputs. */
        private double[] score(NDArray input, int[] labels) {
            float[] out;
            try (NDManager sub = manager.newSubManager()) {
                // a copy in the per-call manager, so that the outputs made from it are freed with it
                NDArray in = input.duplicate();
                in.attach(sub);
                out = network.forwardFrom(from, in, false).toFloatArray();
            }
            int k = out.length / labels.length;
            int right = 0;
            double loss = 0;
            for (int i = 0; i < labels.length; i++) {
                int arg = 0;
                double max = out[i * k];
                for (int c = 1; c < k; c++) {
                    if (out[i * k + c] > max) {
                        max = out[i * k + c];
                        arg = c;
                    }
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(out[i * k + c] - max);
                }
                right += arg == labels[i] ? 1 : 0;
                loss += Math.log(sum) + max - out[i * k + labels[i]];
            }
            return new double[] {right, loss / labels.length};
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
