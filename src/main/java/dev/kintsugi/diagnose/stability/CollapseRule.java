package dev.kintsugi.diagnose.stability;

import dev.kintsugi.train.EpochStats;
import dev.kintsugi.train.TrainingHistory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a run counts as collapsed: the first epoch {@code e ≥ 2} at which
 * <ul>
 *   <li>the training loss is NaN or infinite; or</li>
 *   <li><b>loss jump</b>: the epoch's mean training loss exceeds {@code lossJumpFactor} × the lowest
 *       training loss of the epochs before it, and by at least {@code minLossIncrease} in absolute terms
 *       (so that tiny losses near zero wobbling by a factor do not count); or</li>
 *   <li><b>accuracy drop</b>: the epoch's validation accuracy (training accuracy when there is no
 *       validation split) is at least {@code accuracyDrop} below the best of the epochs before it, and
 *       more than sampling noise explains: the drop must also reach 3 binomial standard errors of the best
 *       accuracy {@code p} on the {@code n} samples it was measured on, {@code 3·sqrt(p(1-p)/n)}. On
 *       Fashion-MNIST's 6,000 validation images that margin is under 2 points, so the 10-point threshold
 *       decides; on German Credit's 80 it is about 15 points, which keeps a small split's noise from
 *       counting as a collapse.</li>
 * </ul>
 * Defaults: factor 1.5, increase 0.05, drop 0.10 (ten points). A healthy run's epoch loss falls or
 * creeps up by a few percent and its accuracy moves by a point or two, so these flag only the sudden
 * jumps and drops the source article describes, not ordinary noise. The rule judges whole epochs
 * (means over all batches), which smooths single bad batches away.
 */
public record CollapseRule(double lossJumpFactor, double minLossIncrease, double accuracyDrop) {

    public CollapseRule {
        if (!(lossJumpFactor >= 1) || !(minLossIncrease >= 0) || !(accuracyDrop > 0 && accuracyDrop <= 1)) {
            throw new dev.kintsugi.KintsugiException("collapse rule needs a loss factor >= 1, an increase >= 0 and "
                    + "an accuracy drop in (0, 1]");
        }
    }

    public static CollapseRule defaults() {
        return new CollapseRule(1.5, 0.05, 0.10);
    }

    /** A collapse: the epoch, which test fired ({@code non-finite loss}, {@code loss jump}, {@code accuracy drop}), and the numbers. */
    public record Collapse(int epoch, String kind, String evidence) {
    }

    /**
     * The first collapse in a run's history; {@code validSize} is the size of the validation split (of the
     * training split when the run had none), 0 when unknown (no noise margin then).
     */
    public Optional<Collapse> detect(TrainingHistory history, int validSize) {
        return detect(history.epochs, validSize);
    }

    public Optional<Collapse> detect(List<EpochStats> epochs, int validSize) {
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (EpochStats s : epochs) {
            double loss = s.trainLoss();
            double accuracy = Double.isNaN(s.validAccuracy()) ? s.trainAccuracy() : s.validAccuracy();
            if (s.epoch() >= 2) {
                if (!Double.isFinite(loss)) {
                    return Optional.of(new Collapse(s.epoch(), "non-finite loss", "training loss " + loss));
                }
                if (loss > lossJumpFactor * bestLoss && loss - bestLoss >= minLossIncrease) {
                    return Optional.of(new Collapse(s.epoch(), "loss jump", String.format(Locale.ROOT,
                            "training loss %.4f after a best of %.4f (x%.2f)", loss, bestLoss, loss / bestLoss)));
                }
                double noise = validSize > 0 ? 3 * Math.sqrt(bestAccuracy * (1 - bestAccuracy) / validSize) : 0;
                if (accuracy <= bestAccuracy - Math.max(accuracyDrop, noise)) {
                    return Optional.of(new Collapse(s.epoch(), "accuracy drop", String.format(Locale.ROOT,
                            "accuracy %.4f after a best of %.4f (-%.1f points)", accuracy, bestAccuracy,
                            100 * (bestAccuracy - accuracy))));
                }
            }
            if (Double.isFinite(loss)) {
                bestLoss = Math.min(bestLoss, loss);
            }
            if (Double.isFinite(accuracy)) {
                bestAccuracy = Math.max(bestAccuracy, accuracy);
            }
        }
        return Optional.empty();
    }

    /** The rule in one sentence, for reports. */
    public String describe() {
        return String.format(Locale.ROOT, "a run collapses at the first epoch (from epoch 2) whose training loss is "
                        + "not finite, exceeds %.2f x the best earlier training loss by at least %.2f, or whose "
                        + "validation accuracy is at least %.0f points below the best earlier one",
                lossJumpFactor, minLossIncrease, 100 * accuracyDrop);
    }
}
