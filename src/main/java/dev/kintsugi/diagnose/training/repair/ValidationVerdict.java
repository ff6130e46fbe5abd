package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.diagnose.training.TrainingSignals;

import java.util.Set;

/**
 * Whether a fix's validation result is good enough to keep it, judged against the run it would replace. Noise:
 * accuracy two standard errors ({@link TrainingSignals#noise}), mean loss 2/√n relative (per-sample cross-entropies
 * spread about as widely as their mean). Accuracy alone cannot tell: on German Credit's 80 validation samples one
 * sample is 1.25 points, so ties and noise decide, and a double softmax can hold accuracy while its loss is far off.
 * <p>
 * Which bar applies depends on what the problem is ({@link #ruleFor}):
 * <ul>
 *   <li>{@link Rule#IMPROVES} for the problems that <em>are</em> poor validation progress (slow convergence, not
 *       converging, premature convergence, a learning rate too low): accuracy up or loss down, neither worse beyond
 *       noise. "The doctor no longer says so" is not enough there, since the symptom and the goal are the same;</li>
 *   <li>{@link Rule#NOT_WORSE} for every other problem, a defect of the run itself (NaN, vanishing or exploding
 *       gradients, dead or saturated units, overfitting, an output/loss mismatch, unnormalised inputs, class
 *       imbalance): the defect being gone is the repair, and validation must not be worse beyond noise. Demanding a
 *       significant gain there rejects sound fixes whenever the split is too small to resolve one (80 samples), or,
 *       for overfitting, whenever validation accuracy is still creeping up while validation loss rises. If the
 *       attempt still shows a poor-progress problem, the gain is demanded after all ({@link #ruleFor(String,
 *       java.util.Collection)}).</li>
 * </ul>
 * When the fix changes what the output layer emits (a softmax or sigmoid head replaced by logits), the original's
 * validation loss was computed through a second softmax and is not a calibrated cross-entropy, so only accuracy is
 * compared ({@code lossComparable = false}).
 */
final class ValidationVerdict {
    /** The bar a fix must clear. */
    enum Rule { IMPROVES, NOT_WORSE }

    private static final Set<String> PERFORMANCE_PROBLEMS = Set.of("slow-convergence", "not-converging",
            "premature-convergence", "learning-rate-too-low", "dropout-too-high");

    /**
     * Problems whose fix trades majority-class accuracy for the rare classes: judged by balanced accuracy (mean
     * per-class recall) and not by loss, since plain accuracy and mean loss on an imbalanced validation split reward
     * predicting the majority class (a class-weights fix that lifts the rare class's recall from 0 lowers both).
     */
    static final Set<String> PER_CLASS_PROBLEMS = Set.of("class-imbalance");

    static boolean judgedPerClass(String check) {
        return PER_CLASS_PROBLEMS.contains(check);
    }

    private ValidationVerdict() {
    }

    static Rule ruleFor(String check) {
        return PERFORMANCE_PROBLEMS.contains(check) ? Rule.IMPROVES : Rule.NOT_WORSE;
    }

    /**
     * The bar for a fix of {@code check} whose attempt still shows {@code remaining}: a defect's fix whose run is
     * still not learning (a poor-progress problem remains) must show a gain. "Not worse" than a run stuck at chance
     * is no evidence of a repair, and it would let two fixes undo each other (SELU clears dead ReLUs, ReLU clears
     * the vanishing gradient SELU brought, and round again) while the model stays at chance.
     */
    static Rule ruleFor(String check, java.util.Collection<String> remaining) {
        return remaining.stream().anyMatch(PERFORMANCE_PROBLEMS::contains) ? Rule.IMPROVES : ruleFor(check);
    }

    static boolean passes(Rule rule, double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n,
                          boolean lossComparable) {
        if (!lossComparable) {
            return rule == Rule.IMPROVES ? improves(accuracy, Double.NaN, baselineAccuracy, Double.NaN, n, false)
                    : notWorse(accuracy, Double.NaN, baselineAccuracy, Double.NaN, n, false);
        }
        return rule == Rule.IMPROVES ? improves(accuracy, loss, baselineAccuracy, baselineLoss, n)
                : notWorse(accuracy, loss, baselineAccuracy, baselineLoss, n, true);
    }

    static boolean improves(double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n) {
        return improves(accuracy, loss, baselineAccuracy, baselineLoss, n, true);
    }

    private static boolean improves(double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n,
                                    boolean useLoss) {
        if (!notWorse(accuracy, loss, baselineAccuracy, baselineLoss, n, useLoss)) {
            return false;
        }
        return accuracy > baselineAccuracy || (useLoss && (!Double.isFinite(baselineLoss) || loss < baselineLoss));
    }

    /** Accuracy and (if {@code useLoss}) loss no worse than the baseline beyond their noise. */
    static boolean notWorse(double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n,
                            boolean useLoss) {
        if (Double.isNaN(accuracy) || (useLoss && !Double.isFinite(loss))) {
            return false;
        }
        boolean accuracyOk = Double.isNaN(baselineAccuracy)
                || accuracy >= baselineAccuracy - TrainingSignals.noise(baselineAccuracy, n);
        boolean lossOk = !useLoss || !Double.isFinite(baselineLoss) || loss <= baselineLoss * (1 + lossNoise(n));
        return accuracyOk && lossOk;
    }

    /**
     * A gain beyond noise while the problem is still there: accuracy up by more than two standard errors, or loss
     * down by more than its noise with accuracy not worse. Such a fix is kept as a step (the problem's later fixes
     * build on it): a learning rate of 1e-6 raised to Adam's customary 1e-3 is far better yet may still be too slow
     * for the data, and the next ×10 should start from there, not from 1e-6 again.
     */
    static boolean clearlyImproves(double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n,
                                   boolean lossComparable) {
        if (!notWorse(accuracy, loss, baselineAccuracy, baselineLoss, n, lossComparable)) {
            return false;
        }
        boolean accuracyGain = accuracy > baselineAccuracy + TrainingSignals.noise(baselineAccuracy, n);
        boolean lossGain = lossComparable && (!Double.isFinite(baselineLoss)
                || loss < baselineLoss * (1 - lossNoise(n)));
        return accuracyGain || lossGain;
    }

    private static double lossNoise(int n) {
        return n > 0 ? 2 / Math.sqrt(n) : 0;
    }
}
