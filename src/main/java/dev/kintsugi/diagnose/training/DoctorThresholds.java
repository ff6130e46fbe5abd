package dev.kintsugi.diagnose.training;

/**
 * Every threshold the training doctor uses, with its default and where the default comes from
 * (AUTOTRAINER = Zhang et al. ICSE'21, DeepDiagnosis = Wardat et al. ICSE'22, UMLAUT = Schoop et al. CHI'21;
 * see docs for the rules). Where a tool judged one batch or one epoch, Kintsugi judges a window.
 *
 * @param sampleEvery          sample gradients and activations every this many batches (plus the first batch of
 *                             every epoch, which is where AUTOTRAINER takes its gradients); default 200 (a sample costs about one
 *                             LeNet-5 training step: on Fashion-MNIST, every 100 measured 1.28% overhead and
 *                             every 200 0.79%, 3 epochs on an idle machine)
 * @param tapSamples           at most this many inputs of a sampled batch go through the activation taps; 32
 * @param window               sampled batches a gradient/activation rule is judged over (median); default 3
 * @param vanishingRatio       ‖∇W first‖ / ‖∇W last‖ below this is vanishing: 1e-3 (AUTOTRAINER; Kintsugi takes
 *                             the norms per entry, RMS, so that layer sizes do not enter the ratio)
 * @param vanishingFirstNorm   ... together with ‖∇W first‖ (RMS) below this: 1e-4 (AUTOTRAINER)
 * @param vanishingMeanAbs     or mean |∇W first| below this: 1e-7 (DeepDiagnosis)
 * @param explodingRatio       ‖∇W first‖ / ‖∇W last‖ above this is exploding: 70 (AUTOTRAINER)
 * @param explodingGrowth      or the global gradient norm grew this many times over its first sample: 1e3 (ours)
 * @param deadShare            share of a ReLU layer's units inactive on the whole sampled batch: 0.7
 *                             (AUTOTRAINER's and DeepDiagnosis's 70%, applied to units that never fire rather
 *                             than to single activations, which are 50% zero in a healthy ReLU layer)
 * @param saturationLimit      |pre-activation| beyond this saturates sigmoid/tanh: 5 (DeepDiagnosis)
 * @param saturatedShare       share of pre-activations beyond the limit: 0.5 (DeepDiagnosis)
 * @param varianceLow          activation variance below this is abnormal: 1e-5 (DeepDiagnosis)
 * @param varianceHigh         activation variance above this is abnormal: 10 (DeepDiagnosis)... applied to hidden
 *                             activations only (the logits of a confident model legitimately exceed it)
 * @param lossLimit            a batch loss at or above this counts as divergence: 1e3 (AUTOTRAINER)
 * @param oscillationGap       peak-trough accuracy gap that counts as one oscillation: 0.03 (AUTOTRAINER)
 * @param oscillationShare     flag when oscillations ≥ this × epochs: 0.2 (AUTOTRAINER), and at least 2
 * @param slowGain             largest epoch-to-epoch accuracy gain below this is slow: 0.01 (AUTOTRAINER);
 *                             the series starts at the untrained model's accuracy (first batch)
 * @param notConvergingMargin  best accuracy below majority share + this × (1 − majority share) is not converging:
 *                             0.05, i.e. under 5% of the possible skill (replaces AUTOTRAINER's absolute 0.6, which
 *                             is wrong for German Credit's 0.7 majority)
 * @param plateauEpochs        epochs a plateau must last: 3 (ours; AUTOTRAINER checks every 3 epochs)
 * @param plateauChange        relative train-loss change per epoch below this is flat: 0.01 (ours)
 * @param fittedAccuracy       a flat run at or above this training accuracy has converged, not stalled: 0.97
 * @param overfitRise          validation loss this much above its minimum, rising over 2 epochs while the training
 *                             loss falls, is overfitting: 0.05 (UMLAUT's rule, with a margin against noise)
 * @param overfitGap           or train − valid accuracy above this and widening: 0.15 (UMLAUT uses 0.05 on its
 *                             toy models; 0.15 keeps ordinary generalisation gaps silent)
 * @param spikeFactor          a batch loss this many times the median of the previous window is a spike: 3 (ours)
 * @param spikeShare           share of batches in the last epoch that spike to flag: 0.05 (ours)
 * @param adamLrHigh           Adam/RMS-style rates above this: 0.01 (UMLAUT)
 * @param sgdLrHigh            SGD rates above this: 1.0 (DeepDiagnosis's 0.1 flags common SGD settings; ours)
 * @param lrLow                rates below this: 1e-5 (DeepDiagnosis; UMLAUT uses 1e-7)
 * @param inputAbsLimit        network-seen inputs with |x| above this are unnormalised: 50 (DeepDiagnosis and
 *                             UMLAUT use 1, which flags every standardised tabular dataset)
 * @param inputStdHigh         or standard deviation above this: 10 (ours)
 * @param imbalanceRatio       largest / smallest class count at or above this: 5 (ours)
 * @param dropoutHigh          dropout rate above this: 0.5 (UMLAUT)
 */
public record DoctorThresholds(int sampleEvery, int tapSamples, int window, double vanishingRatio,
                               double vanishingFirstNorm, double vanishingMeanAbs, double explodingRatio,
                               double explodingGrowth, double deadShare, double saturationLimit,
                               double saturatedShare, double varianceLow, double varianceHigh, double lossLimit,
                               double oscillationGap, double oscillationShare, double slowGain,
                               double notConvergingMargin, int plateauEpochs, double plateauChange,
                               double fittedAccuracy, double overfitRise, double overfitGap, double spikeFactor,
                               double spikeShare, double adamLrHigh, double sgdLrHigh, double lrLow,
                               double inputAbsLimit, double inputStdHigh, double imbalanceRatio,
                               double dropoutHigh) {

    public static DoctorThresholds defaults() {
        return new DoctorThresholds(200, 32, 3, 1e-3, 1e-4, 1e-7, 70, 1e3, 0.7, 5, 0.5, 1e-5, 10, 1e3, 0.03, 0.2,
                0.01, 0.05, 3, 0.01, 0.97, 0.05, 0.15, 3, 0.05, 0.01, 1.0, 1e-5, 50, 10, 5, 0.5);
    }

    public DoctorThresholds withSampleEvery(int k) {
        return new DoctorThresholds(k, tapSamples, window, vanishingRatio, vanishingFirstNorm, vanishingMeanAbs,
                explodingRatio, explodingGrowth, deadShare, saturationLimit, saturatedShare, varianceLow, varianceHigh,
                lossLimit, oscillationGap, oscillationShare, slowGain, notConvergingMargin, plateauEpochs,
                plateauChange, fittedAccuracy, overfitRise, overfitGap, spikeFactor, spikeShare, adamLrHigh,
                sgdLrHigh, lrLow, inputAbsLimit, inputStdHigh, imbalanceRatio, dropoutHigh);
    }
}
