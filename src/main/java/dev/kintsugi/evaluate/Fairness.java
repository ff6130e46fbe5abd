package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;

/**
 * Group fairness of one model's predictions between two groups of a sensitive attribute.
 *
 * <p>AAOD follows the study: 0.5 × (mean over classes of |TPR_g1(c) − TPR_g2(c)| + mean over classes of
 * |FPR_g1(c) − FPR_g2(c)|), one-vs-rest per class, each rate 0 when its denominator is 0. When a group has
 * no samples on the split AAOD is not computed: {@code aaod} is null and {@code aaodNote} names the empty
 * group (rather than comparing against rates that are all 0 by convention, which would be meaningless).
 *
 * @param binary statistical parity, disparate impact and equal opportunity, for binary tasks when a
 *               favourable class was given; null otherwise
 */
public record Fairness(String attribute, GroupRates privileged, GroupRates unprivileged, Double aaod,
                       String aaodNote, BinaryFairness binary) {

    /** AAOD and per-group rates; no favourable-label metrics. */
    public static Fairness of(Predictions p, SensitiveGroups groups) {
        return compute(p, groups, null);
    }

    /**
     * Also the binary metrics, with {@code favourableClass} as the favourable label (German Credit: 0, "good").
     * Only for two-class tasks.
     */
    public static Fairness of(Predictions p, SensitiveGroups groups, int favourableClass) {
        if (p.numClasses() != 2) {
            throw new KintsugiException("statistical parity, disparate impact and equal opportunity are for binary "
                    + "tasks; this one has " + p.numClasses() + " classes");
        }
        if (favourableClass < 0 || favourableClass > 1) {
            throw new KintsugiException("favourable class must be 0 or 1, got " + favourableClass);
        }
        return compute(p, groups, favourableClass);
    }

    private static Fairness compute(Predictions p, SensitiveGroups groups, Integer favourable) {
        if (p.size() != groups.size()) {
            throw new KintsugiException("the sensitive attribute '" + groups.attribute() + "' has " + groups.size()
                    + " values but the predictions cover " + p.size() + " samples");
        }
        boolean[] privMask = groups.privilegedMask();
        boolean[] unprivMask = groups.unprivilegedMask();
        GroupRates priv = GroupRates.of(groups.privileged(), p, privMask);
        GroupRates unpriv = GroupRates.of(groups.unprivileged(), p, unprivMask);
        Double aaod = null;
        String note = null;
        if (priv.samples() == 0 || unpriv.samples() == 0) {
            note = "undefined: group '" + (priv.samples() == 0 ? priv.group() : unpriv.group())
                    + "' has no samples on this split";
        } else {
            aaod = averageAbsoluteOddsDifference(priv, unpriv);
        }
        BinaryFairness binary = favourable == null ? null
                : BinaryFairness.of(favourable, priv, unpriv, p, privMask, unprivMask);
        return new Fairness(groups.attribute(), priv, unpriv, aaod, note, binary);
    }

    private static double averageAbsoluteOddsDifference(GroupRates a, GroupRates b) {
        int k = a.truePositiveRates().length;
        double tpr = 0;
        double fpr = 0;
        for (int c = 0; c < k; c++) {
            tpr += Math.abs(a.truePositiveRates()[c] - b.truePositiveRates()[c]);
            fpr += Math.abs(a.falsePositiveRates()[c] - b.falsePositiveRates()[c]);
        }
        return 0.5 * (tpr / k + fpr / k);
    }

    /** ⇑AAOD = (AAOD(o) − AAOD(f)) / AAOD(o) × 100; positive means the fixed model is fairer. */
    public static RelativeChange aaodImprovement(Fairness original, Fairness fixed) {
        return RelativeChange.decrease(original.aaod(), fixed.aaod());
    }
}
