package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;

/**
 * Correctness and backward compatibility of a fixed model against its original on one split, as the study
 * defines them: ACC, ⇑ACC (relative, percent) with the absolute change in points, RR (repair rate) and NFR
 * (negative flip rate). Rates are in percent, accuracies are fractions as in {@link ClassificationSummary}.
 *
 * <p>RR is undefined when the original model makes no mistakes on the split: {@code repairRatePercent} is
 * then null and {@code repairRateNote} says so, so JSON stays valid and nothing divides by zero.
 *
 * @param samples                 N, the size of the split
 * @param accuracyChange          ⇑ACC = (ACC(f) − ACC(o)) / ACC(o) × 100
 * @param accuracyChangePoints    (ACC(f) − ACC(o)) × 100, percentage points
 * @param repaired                samples the original got wrong and the fixed model gets right
 * @param originalFailures        samples the original got wrong
 * @param negativeFlips           samples the original got right and the fixed model gets wrong
 * @param negativeFlipRatePercent negative flips / N × 100
 * @param positiveFlips           same as {@code repaired}, kept under its backward-compatibility name
 */
public record Correctness(int samples, double accuracyOriginal, double accuracyFixed, RelativeChange accuracyChange,
                          double accuracyChangePoints, int repaired, int originalFailures, Double repairRatePercent,
                          String repairRateNote, int negativeFlips, double negativeFlipRatePercent,
                          int positiveFlips) {

    public static final String NO_FAILURES = "undefined: the original model has no failures on this split";

    public static Correctness of(Predictions original, Predictions fixed) {
        requireSameSamples(original, fixed);
        int n = original.size();
        int originalCorrect = 0;
        int fixedCorrect = 0;
        int failures = 0;
        int repaired = 0;
        int negativeFlips = 0;
        for (int i = 0; i < n; i++) {
            boolean o = original.correct(i);
            boolean f = fixed.correct(i);
            originalCorrect += o ? 1 : 0;
            fixedCorrect += f ? 1 : 0;
            if (!o) {
                failures++;
                repaired += f ? 1 : 0;
            } else if (!f) {
                negativeFlips++;
            }
        }
        double accO = (double) originalCorrect / n;
        double accF = (double) fixedCorrect / n;
        Double rr = failures == 0 ? null : 100.0 * repaired / failures;
        return new Correctness(n, accO, accF, RelativeChange.increase(accO, accF), (accF - accO) * 100, repaired,
                failures, rr, failures == 0 ? NO_FAILURES : null, negativeFlips, 100.0 * negativeFlips / n, repaired);
    }

    /** Both models must have been run on the same samples: same count, same labels in the same order. */
    static void requireSameSamples(Predictions original, Predictions fixed) {
        if (original.size() != fixed.size()) {
            throw new KintsugiException("the original's predictions cover " + original.size()
                    + " samples but the fixed model's cover " + fixed.size() + "; compare them on the same split");
        }
        if (original.size() == 0) {
            throw new KintsugiException("no predictions to compare: the split is empty");
        }
        for (int i = 0; i < original.size(); i++) {
            if (original.label(i) != fixed.label(i)) {
                throw new KintsugiException("sample " + i + " has label " + original.label(i)
                        + " in the original's predictions but " + fixed.label(i)
                        + " in the fixed model's; compare them on the same split in the same order");
            }
        }
    }
}
