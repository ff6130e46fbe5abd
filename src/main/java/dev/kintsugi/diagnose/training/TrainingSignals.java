package dev.kintsugi.diagnose.training;

import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Layer;
import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.TrainingConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What the doctor has seen of a run so far: the configuration, the per-epoch curves, every batch loss, and
 * the sampled gradient and activation statistics. Detectors read it; only {@link TrainingDoctor} writes it.
 */
public final class TrainingSignals {
    public final ArchitectureSpec spec;
    public final List<Layer> layers;
    public final TrainingConfig config;
    public final int[] classCounts;
    public final int batchesPerEpoch;
    /** Samples in the training and validation splits (0 without validation): how noisy an accuracy is. */
    public final int trainSize;
    public final int validSize;
    /** The untrained model's accuracy and loss: those of the very first batch, before any update. */
    public double initialAccuracy = Double.NaN;
    public double initialLoss = Double.NaN;
    public final List<EpochStats> epochs = new ArrayList<>();
    /** Batch losses of the current and past epochs, indexed like {@link #batchEpochs}. */
    public final List<Double> batchLosses = new ArrayList<>();
    public final List<Integer> batchEpochs = new ArrayList<>();
    public final List<GradientSample> gradients = new ArrayList<>();
    public final List<ActivationSample> activations = new ArrayList<>();
    /** First epoch whose parameters contained NaN or infinity, or 0. */
    public int nonFiniteWeightsEpoch;

    public TrainingSignals(ArchitectureSpec spec, List<Layer> layers, TrainingConfig config, int[] classCounts,
                           int batchesPerEpoch, int trainSize, int validSize) {
        this.spec = spec;
        this.layers = layers;
        this.config = config;
        this.classCounts = classCounts;
        this.batchesPerEpoch = batchesPerEpoch;
        this.trainSize = trainSize;
        this.validSize = validSize;
    }

    /** The epoch now being trained or just ended (1-based; 0 before the first batch). */
    public int currentEpoch() {
        return batchEpochs.isEmpty() ? 0 : batchEpochs.get(batchEpochs.size() - 1);
    }

    /** Share of the most frequent class in the training split: the accuracy of always guessing it. */
    public double majorityShare() {
        return majorityShare(classCounts);
    }

    /** Share of the most frequent class among {@code counts}; NaN when there are none. */
    public static double majorityShare(int[] counts) {
        long total = 0;
        long max = 0;
        for (int c : counts) {
            total += c;
            max = Math.max(max, c);
        }
        return total == 0 ? Double.NaN : (double) max / total;
    }

    /** The last {@code n} elements of a list (fewer if it is shorter). */
    public static <T> List<T> last(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }

    /** Validation accuracy per epoch when there is a validation split, otherwise training accuracy. */
    public double[] accuracyCurve() {
        boolean valid = !epochs.isEmpty() && !Double.isNaN(epochs.get(0).validAccuracy());
        return epochs.stream().mapToDouble(s -> valid ? s.validAccuracy() : s.trainAccuracy()).toArray();
    }

    /** Whether the accuracy curve is the validation one (else training). */
    public boolean hasValidation() {
        return !epochs.isEmpty() && !Double.isNaN(epochs.get(0).validAccuracy());
    }

    /**
     * Two standard errors of an accuracy near {@code p} measured on {@code n} samples: differences smaller than
     * this are sampling noise (80 validation samples cannot resolve 3 points of accuracy).
     */
    public static double noise(double p, int n) {
        if (n <= 0 || Double.isNaN(p)) {
            return 0;
        }
        double q = Math.min(Math.max(p, 0.05), 0.95);
        return 2 * Math.sqrt(q * (1 - q) / n);
    }

    public String activationName() {
        String a = spec.option("activation");
        return a == null ? "" : a;
    }
}
