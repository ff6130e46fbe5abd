package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.diagnose.training.TrainingSignals;

/**
 * Whether a fix improved validation. A fix improves it when the validation accuracy rose or the validation loss
 * fell, and neither got worse by more than its sampling noise (accuracy: two standard errors; loss: 2/√n relative).
 * Accuracy alone cannot tell: on German Credit's 80 validation samples one sample is 1.25 points, so ties and
 * noise decide, and a double softmax can hold accuracy while its loss is far off.
 */
final class ValidationVerdict {
    private ValidationVerdict() {
    }

    static boolean improves(double accuracy, double loss, double baselineAccuracy, double baselineLoss, int n) {
        if (!Double.isFinite(baselineLoss)) {
            baselineLoss = Double.MAX_VALUE;
        }
        if (Double.isNaN(accuracy) || !Double.isFinite(loss)) {
            return false;
        }
        double accuracyNoise = TrainingSignals.noise(baselineAccuracy, n);
        double lossNoise = n > 0 ? 2 / Math.sqrt(n) : 0;
        boolean better = accuracy > baselineAccuracy || loss < baselineLoss;
        boolean notWorse = accuracy >= baselineAccuracy - accuracyNoise
                && (baselineLoss == Double.MAX_VALUE || loss <= baselineLoss * (1 + lossNoise));
        return better && notWorse;
    }
}
