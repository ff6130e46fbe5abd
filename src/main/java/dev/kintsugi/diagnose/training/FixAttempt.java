package dev.kintsugi.diagnose.training;

import java.util.List;

/**
 * One fix the repair loop tried.
 *
 * @param problem        the check it tried to fix
 * @param fix            the fix, e.g. "activation=selu"
 * @param fromEpoch      the checkpoint it started from (0 = the initial parameters)
 * @param problemGone    whether the doctor no longer saw the problem
 * @param validAccuracy  the attempt's final validation accuracy
 * @param baseline       the original run's final validation accuracy
 * @param validLoss      the attempt's final validation loss
 * @param baselineLoss   the original run's final validation loss
 * @param kept           whether the fix was kept
 * @param remaining      problems the doctor still saw in the attempt
 * @param seconds        the attempt's wall time
 * @param verdict        why it was kept or undone, in words
 */
public record FixAttempt(String problem, String fix, int fromEpoch, boolean problemGone, double validAccuracy,
                         double baseline, double validLoss, double baselineLoss, boolean kept, List<String> remaining, double seconds,
                         String verdict) {
}
