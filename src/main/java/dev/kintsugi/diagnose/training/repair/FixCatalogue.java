package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.train.TrainingConfig;

import java.util.List;
import java.util.Map;

import static dev.kintsugi.diagnose.training.repair.TrainingFix.config;
import static dev.kintsugi.diagnose.training.repair.TrainingFix.learningRateTimes;
import static dev.kintsugi.diagnose.training.repair.TrainingFix.options;

/**
 * The fixes for each problem, in the order they are tried. Where AUTOTRAINER has an order it is followed:
 * <ul>
 *   <li>vanishing gradient (and saturated sigmoid/tanh): SELU → ReLU with He init → batch norm;</li>
 *   <li>exploding gradient: SELU → ReLU → gradient clipping (AUTOTRAINER clips values at ≈10; Kintsugi's trainer
 *       clips the global norm at 10) → tanh → batch norm, then (ours) learning rate ×0.1;</li>
 *   <li>dying ReLU: SELU → batch norm → new initialiser (He, with zero biases) → LeakyReLU → ELU;</li>
 *   <li>oscillating loss: Adam → learning rate ×0.1 → reduce-on-plateau (×0.2 after 5 epochs,
 *       {@link dev.kintsugi.train.PlateauTracker}) → larger batch (×2) → momentum 0.9 → Gaussian input noise
 *       σ = 0.1. AUTOTRAINER's "larger batch" is 32·2^j; Kintsugi doubles the batch the run has;</li>
 *   <li>slow convergence / not converging: change optimiser (to Adam) → learning rate ×10 → new initialiser.
 *       Kintsugi adds "the optimiser's customary rate" (Adam 1e-3, SGD 0.01) before the initialiser, for rates
 *       far too low (1e-6 needs more than ×10).</li>
 * </ul>
 * AUTOTRAINER has no order for the other problems; Kintsugi's, most direct first: NaN loss and learning rate too
 * high: learning rate ×0.1, ×0.01, the customary rate, then clipping; too low: ×10, the customary rate; premature
 * convergence: learning rate
 * ×0.1 → cosine schedule → Adam; overfitting, the standard regularisers: early stopping restoring the best epoch
 * (patience 3, rerun from epoch 0) → dropout 0.5 (Srivastava et al.'s rate for hidden units) → weight decay 5e-4
 * (1e-4 barely moves an Adam-trained MLP); data augmentation is not offered, since the trainer's augmentation is
 * image-specific and not part of the training configuration a fix can change;
 * output/loss mismatch: logits output; class imbalance: balanced class weights; abnormal inputs: normalisation
 * fitted on the training split; abnormal activation variance: batch norm → He init with zero biases → learning
 * rate ×0.1.
 */
public final class FixCatalogue {
    /** AUTOTRAINER's Gaussian input noise against an oscillating loss (Keras GaussianNoise(0.1) on the inputs). */
    static final double INPUT_NOISE = 0.1;
    private static final TrainingFix SELU = options("activation", "selu");
    private static final TrainingFix RELU_HE = options("activation", "relu", "init", "he");
    private static final TrainingFix RELU = options("activation", "relu");
    private static final TrainingFix BATCH_NORM = options("batchnorm", "true");
    private static final TrainingFix HE_ZERO_BIAS = options("init", "he", "bias-init", "0");
    private static final TrainingFix CLIP = config("clip-norm 10", c -> c.withClipNorm(10));
    private static final TrainingFix ADAM = config("optimizer adam", c -> c.withOptimizer("adam")
            .withLearningRate(c.optimizer().equals("adam") ? c.learningRate() : 1e-3));

    /**
     * Early stopping that restores the epoch of lowest validation loss, rerun from epoch 0 so that it picks an epoch
     * of the original trajectory. Patience 3 (PyTorch Lightning's default): 2 stops on the first two-epoch wobble
     * of a noisy validation loss.
     */
    private static final TrainingFix EARLY_STOPPING = TrainingFix.configFromStart(
            "early stopping (patience 3, best epoch restored)", c -> c.withPatience(3));

    /** The optimiser's customary rate (Adam 1e-3, SGD 0.01), when the current one is further from it. */
    private static final TrainingFix DEFAULT_RATE = config("lr to the optimiser's default", c -> c.withLearningRate(
            c.optimizer().equals("adam") ? 1e-3 : 1e-2));
    private static final List<TrainingFix> LEARNING_RATE_DOWN = List.of(learningRateTimes(0.1),
            learningRateTimes(0.01), DEFAULT_RATE, CLIP);
    private static final List<TrainingFix> SLOW = List.of(ADAM, learningRateTimes(10), DEFAULT_RATE, HE_ZERO_BIAS);

    private static final Map<String, List<TrainingFix>> ORDER = Map.ofEntries(
            Map.entry("vanishing-gradient", List.of(SELU, RELU_HE, BATCH_NORM)),
            Map.entry("saturated-activation", List.of(SELU, RELU_HE, BATCH_NORM)),
            Map.entry("exploding-gradient", List.of(SELU, RELU, CLIP, options("activation", "tanh"), BATCH_NORM,
                    learningRateTimes(0.1))),
            Map.entry("dying-relu", List.of(SELU, BATCH_NORM, HE_ZERO_BIAS, options("activation", "leaky-relu"),
                    options("activation", "elu"))),
            Map.entry("oscillating-loss", List.of(ADAM, learningRateTimes(0.1),
                    config("reduce on plateau", c -> c.withSchedule("plateau")),
                    config("batch size ×2", c -> c.withBatchSize(c.batchSize() * 2)),
                    config("momentum 0.9", FixCatalogue::momentum),
                    config("input noise 0.1", c -> c.withInputNoise(INPUT_NOISE)))),
            Map.entry("slow-convergence", SLOW),
            Map.entry("not-converging", SLOW),
            Map.entry("learning-rate-too-low", List.of(learningRateTimes(10), DEFAULT_RATE)),
            Map.entry("nan-loss", LEARNING_RATE_DOWN),
            Map.entry("learning-rate-too-high", LEARNING_RATE_DOWN),
            Map.entry("premature-convergence", List.of(learningRateTimes(0.1),
                    config("cosine schedule", c -> c.withSchedule("cosine")), ADAM)),
            Map.entry("overfitting", List.of(EARLY_STOPPING, options("dropout", "0.5"),
                    config("weight decay 5e-4", c -> c.withWeightDecay(Math.max(c.weightDecay(), 5e-4))))),
            Map.entry("output-loss-mismatch", List.of(options("output", "logits"))),
            Map.entry("dropout-too-high", List.of(options("dropout", "0.5"), options("dropout", "0.3"))),
            Map.entry("class-imbalance", List.of(config("balanced class weights", c -> c.withClassWeighting("balanced")))),
            Map.entry("abnormal-input-range", List.of(TrainingFix.normaliseInputs())),
            Map.entry("activation-variance", List.of(BATCH_NORM, HE_ZERO_BIAS, learningRateTimes(0.1))));

    private FixCatalogue() {
    }

    /** Symptoms that a learning rate the doctor also flagged as too high explains better than their own causes. */
    private static final java.util.Set<String> INSTABILITY = java.util.Set.of("nan-loss", "exploding-gradient",
            "activation-variance", "dying-relu", "oscillating-loss");

    /** The fixes for a check, in order; empty for checks nothing can fix automatically. */
    public static List<TrainingFix> fixesFor(String check) {
        return ORDER.getOrDefault(check, List.of());
    }

    /**
     * The fixes for {@code check} given everything else the doctor saw: when it also flagged the learning rate
     * as too high, an instability symptom (NaN, exploding gradients, blown-up activations, dead ReLUs,
     * oscillation) gets the learning-rate fixes first, since a rate of 10 is the root cause and swapping
     * activations will not cure it. AUTOTRAINER always tries its per-symptom order; this is Kintsugi's addition.
     */
    public static List<TrainingFix> fixesFor(String check, java.util.Collection<String> alsoSeen) {
        if (!alsoSeen.contains("learning-rate-too-high") || !INSTABILITY.contains(check)) {
            return fixesFor(check);
        }
        java.util.LinkedHashSet<TrainingFix> ordered = new java.util.LinkedHashSet<>(LEARNING_RATE_DOWN);
        ordered.addAll(fixesFor(check));
        return List.copyOf(ordered);
    }

    private static TrainingConfig momentum(TrainingConfig c) {
        return c.optimizer().equals("sgd") && c.momentum() < 0.9 ? c.withMomentum(0.9) : c;
    }
}
