package dev.kintsugi.diagnose.training;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.TrainingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-made training signals: a healthy run by default (loss falling, accuracy rising, gradients balanced,
 * activations alive), which each test then bends into one problem.
 */
final class Synthetic {
    static final List<Layer> LAYERS = List.of(new Layer(0, "00-batchflatten", "batchFlatten", List.of()),
            new Layer(1, "01-linear", "Linear", List.of()), new Layer(2, "02-relu", "ReLU", List.of()),
            new Layer(3, "03-linear", "Linear", List.of()));

    Map<String, String> options = new TreeMap<>(Map.of("hidden", "16"));
    TrainingConfig config = TrainingConfig.defaults().withEpochs(10).withBatchSize(32);
    int[] classCounts = {300, 300, 300};
    double[] trainLoss = {0.9, 0.6, 0.45, 0.38, 0.33, 0.30};
    double[] trainAcc = {0.60, 0.75, 0.82, 0.85, 0.87, 0.88};
    double[] validLoss = {0.85, 0.62, 0.50, 0.44, 0.41, 0.40};
    double[] validAcc = {0.62, 0.74, 0.80, 0.83, 0.85, 0.86};
    double initialLoss = 1.1;
    double initialAccuracy = 0.33;
    /** Per sample: first and last layers' gradient norms. */
    double firstGrad = 0.5;
    double lastGrad = 0.4;
    double deadShare = 0.1;
    double activationVariance = 0.5;
    double inputMax = 3;
    double inputStd = 1;
    double probabilityLike = 0;
    List<Double> batchLosses;
    int validSize = 1000;

    TrainingSignals build() {
        ArchitectureSpec spec = new ArchitectureSpec("mlp", ModelZoo.resolveOptions("mlp", options), new int[] {4},
                null, List.of("a", "b", "c"));
        TrainingSignals s = new TrainingSignals(spec, LAYERS, config, classCounts, 10, 900, validSize);
        s.initialLoss = initialLoss;
        s.initialAccuracy = initialAccuracy;
        int epochs = trainLoss.length;
        List<Double> losses = batchLosses;
        if (losses == null) {
            losses = new ArrayList<>();
            for (int e = 0; e < epochs; e++) {
                for (int b = 0; b < 10; b++) {
                    losses.add(trainLoss[e] * (1 + 0.05 * ((b % 3) - 1)));
                }
            }
        }
        for (int i = 0; i < losses.size(); i++) {
            s.batchLosses.add(losses.get(i));
            s.batchEpochs.add(Math.min(epochs, i / 10 + 1));
        }
        for (int e = 1; e <= epochs; e++) {
            s.epochs.add(new EpochStats(e, trainLoss[e - 1], trainAcc[e - 1], validLoss[e - 1], validAcc[e - 1],
                    config.learningRate(), 0.1));
            s.gradients.add(new GradientSample(e, (e - 1) * 10, new int[] {1, 3}, new double[] {firstGrad, lastGrad},
                    new double[] {0, 0}, new double[] {firstGrad / 8, lastGrad / 7}, new long[] {64, 48},
                    Math.hypot(firstGrad, lastGrad)));
            String act = options.getOrDefault("activation", "relu");
            s.activations.add(new ActivationSample(e, (e - 1) * 10, List.of(
                    new ActivationSample.LayerActivation(1, "01-linear", null, 0, 1, Double.NaN, Double.NaN, true),
                    new ActivationSample.LayerActivation(2, "02-" + act, act, 0.4, activationVariance,
                            act.equals("relu") ? deadShare : Double.NaN, act.equals("relu") ? Double.NaN : 0.8, true)),
                    -inputMax, inputMax, 0, inputStd, probabilityLike));
        }
        return s;
    }
}
