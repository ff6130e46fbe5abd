package dev.kintsugi.repair.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Fine-tuning with a loss other than plain cross-entropy (distillation, consistency, masked terms): the
 * approach supplies the loss of one batch, this loop supplies shuffling, Adam, per-batch memory, the
 * time budget and the regression guard (every epoch is offered to it). {@link FineTuning} stays the loop
 * for cross-entropy; this one exists so no approach writes its own.
 */
public final class LossTraining {
    /** The loss of one batch, from the network's outputs; {@code indices} are the batch's rows of the data. */
    @FunctionalInterface
    public interface BatchLoss {
        NDArray loss(NDArray outputs, NDArray labels, int[] indices, NDManager batch);
    }

    /**
     * The network input of one batch, built from its rows before the gradient collector opens (augmented
     * views, mixes, no-gradient forward passes for targets): {@code x} is the batch as stored.
     */
    @FunctionalInterface
    public interface BatchInputs {
        NDArray inputs(NDArray x, NDArray labels, int[] indices, NDManager batch);
    }

    private LossTraining() {
    }

    /**
     * Trains {@code network} in place with Adam at a fixed learning rate, {@code epochs} passes over
     * {@code data} in a seeded order; returns the mean loss per epoch.
     */
    public static List<Double> run(Network network, Dataset data, BatchLoss loss, int epochs, double lr, int batchSize,
                                   RepairContext context, String label) {
        Engines.seed(context.seed());
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).build();
        return run(network, data, (x, y, rows, sub) -> x, loss, epochs, adam, batchSize, context.seed(), context,
                label);
    }

    /**
     * The general loop: {@code epochs} passes over {@code data} in an order drawn from {@code shuffleSeed},
     * each batch's network input built by {@code inputs}, parameters updated by {@code optimizer} (whose
     * state, momentum for instance, carries over between calls that share it).
     */
    public static List<Double> run(Network network, Dataset data, BatchInputs inputs, BatchLoss loss, int epochs,
                                   Optimizer optimizer, int batchSize, long shuffleSeed, RepairContext context,
                                   String label) {
        if (data.size() == 0) {
            throw new KintsugiException("nothing to train on for " + label);
        }
        int batch = Math.min(batchSize, data.size());
        Batches batches = new Batches(data, batch);
        SplittableRandom shuffle = new SplittableRandom(shuffleSeed);
        List<Double> history = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs && !context.outOfTime(); epoch++) {
            int[] order = permutation(data.size(), shuffle);
            double sum = 0;
            for (int from = 0; from < order.length; from += batch) {
                int to = Math.min(order.length, from + batch);
                try (NDManager sub = network.manager().newSubManager()) {
                    int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                    NDArray y = batches.labels(sub, order, from, to);
                    NDArray x = inputs.inputs(batches.inputs(sub, order, from, to), y, rows, sub);
                    NDArray l;
                    try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                        l = loss.loss(network.forward(x, true), y, rows, sub);
                        gc.backward(l);
                    }
                    sum += l.getFloat() * (to - from);
                    for (Pair<String, Parameter> p : network.trainableParameters()) {
                        NDArray w = p.getValue().getArray();
                        try (NDArray g = w.getGradient()) {
                            optimizer.update(p.getValue().getId(), w, g);
                        }
                    }
                }
            }
            history.add(sum / order.length);
            context.log().printf(Locale.ROOT, "%s epoch %d/%d: loss %.4f%n", label, epoch, epochs, sum / order.length);
            context.guard().consider(network, label + " epoch " + epoch);
        }
        return history;
    }

    /** The network's raw outputs (logits, or whatever its last layer emits) on every input, row-major. */
    public static float[] outputs(Network network, Dataset data) {
        int k = network.numClasses();
        float[] out = new float[data.size() * k];
        int step = 256;
        Batches batches = new Batches(data, step);
        for (int from = 0; from < data.size(); from += step) {
            int to = Math.min(data.size(), from + step);
            try (NDManager sub = network.manager().newSubManager()) {
                float[] o = network.forward(batches.inputs(sub, null, from, to), false).toFloatArray();
                System.arraycopy(o, 0, out, from * k, o.length);
            }
        }
        return out;
    }

    /** Rows {@code rows} of a row-major {@code [n, width]} table, as a {@code [rows, width]} array. */
    public static NDArray rows(NDManager manager, float[] table, int width, int[] rows) {
        float[] v = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, rows[i] * width, v, i * width, width);
        }
        return manager.create(v, new ai.djl.ndarray.types.Shape(rows.length, width));
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
