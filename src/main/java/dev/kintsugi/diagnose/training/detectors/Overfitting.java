package dev.kintsugi.diagnose.training.detectors;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.TrainingSignals;
import dev.kintsugi.train.EpochStats;

import java.util.Optional;

import static dev.kintsugi.diagnose.training.Evidence.found;
import static dev.kintsugi.diagnose.training.Evidence.num;

/**
 * UMLAUT's rule, judged over two epochs instead of one: the validation loss rose in each of the last two epochs
 * to at least {@code overfitRise} (or two standard errors, 2/√n relative, if that is more) above its minimum while
 * the training loss fell; or the training accuracy exceeds
 * the validation accuracy by more than {@code overfitGap} and the gap widened over the last two epochs, while the
 * validation loss is off its minimum and the training loss falls (not while validation loss still improves, nor
 * during a divergence). Silent
 * when early stopping is on: the trainer then restores the parameters of the best validation loss.
 */
public final class Overfitting implements Detector {
    @Override
    public String check() {
        return "overfitting";
    }

    @Override
    public Optional<Finding> examine(TrainingSignals s, DoctorThresholds t) {
        int n = s.epochs.size();
        // With early stopping on, the trainer already stops and restores the best parameters.
        if (n < 3 || Double.isNaN(s.epochs.get(0).validLoss()) || s.config.patience() > 0) {
            return Optional.empty();
        }
        EpochStats a = s.epochs.get(n - 3);
        EpochStats b = s.epochs.get(n - 2);
        EpochStats c = s.epochs.get(n - 1);
        double minValid = s.epochs.stream().mapToDouble(EpochStats::validLoss).min().orElse(Double.NaN);
        // A mean loss over n samples moves by about loss/√n by chance (per-sample cross-entropies spread about as
        // widely as their mean): on German Credit's 80 validation samples a 5% rise is noise.
        double rise = Math.max(t.overfitRise(), s.validSize > 0 ? 2 / Math.sqrt(s.validSize) : 0);
        boolean lossRule = c.validLoss() > b.validLoss() && b.validLoss() > a.validLoss()
                && c.validLoss() > minValid * (1 + rise) && c.trainLoss() < a.trainLoss();
        double gap = c.trainAccuracy() - c.validAccuracy();
        // A widening accuracy gap alone is not overfitting: while validation loss is still falling the model still
        // generalises better each epoch (training accuracy simply rises faster), and while training loss rises the
        // run is diverging, not memorising. The gap counts only with validation loss no longer at its minimum and
        // training loss falling.
        boolean learning = Double.isFinite(c.trainLoss()) && Double.isFinite(c.validLoss())
                && c.trainLoss() < a.trainLoss();
        boolean validStalled = c.validLoss() > minValid;
        boolean gapRule = gap > t.overfitGap() && gap > b.trainAccuracy() - b.validAccuracy()
                && b.trainAccuracy() - b.validAccuracy() > a.trainAccuracy() - a.validAccuracy()
                && learning && validStalled;
        if (!lossRule && !gapRule) {
            return Optional.empty();
        }
        return found(check(), "the model is overfitting", Severity.PROBLEM,
                "validation loss " + num(c.validLoss()) + " (minimum " + num(minValid) + ") while training loss fell to "
                        + num(c.trainLoss()) + "; accuracy gap train − valid " + num(gap),
                "stop early (--patience 3), add dropout (--opt dropout=0.5) or weight decay (--weight-decay 5e-4), "
                        + "or get more training data",
                s.currentEpoch(), "validLoss", c.validLoss(), "minValidLoss", minValid, "accuracyGap", gap);
    }
}
