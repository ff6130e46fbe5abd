package dev.kintsugi.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * Group fairness of a binary classifier with a favourable label, with AIF360's signs (unprivileged minus,
 * or over, privileged), so 0 (difference) or 1 (ratio) is parity and negative / below 1 means the
 * unprivileged group is worse off. A metric that would divide by zero is null and {@code notes} says why.
 *
 * @param statisticalParityDifference P(ŷ=fav | unprivileged) − P(ŷ=fav | privileged)
 * @param disparateImpact             P(ŷ=fav | unprivileged) / P(ŷ=fav | privileged)
 * @param equalOpportunityDifference  TPR_unprivileged(fav) − TPR_privileged(fav); null when a group has no
 *                                    sample whose true label is favourable (AIF360 gives NaN there too)
 */
public record BinaryFairness(int favourableClass, Double statisticalParityDifference, Double disparateImpact,
                             Double equalOpportunityDifference, List<String> notes) {

    static BinaryFairness of(int favourable, GroupRates privileged, GroupRates unprivileged,
                             Predictions p, boolean[] privilegedMask, boolean[] unprivilegedMask) {
        List<String> notes = new ArrayList<>();
        Double favPriv = privileged.predictedRate(favourable);
        Double favUnpriv = unprivileged.predictedRate(favourable);
        Double spd = null;
        Double di = null;
        if (favPriv == null || favUnpriv == null) {
            notes.add("statistical parity difference and disparate impact undefined: a group has no samples");
        } else {
            spd = favUnpriv - favPriv;
            if (favPriv == 0) {
                notes.add("disparate impact undefined: the privileged group is never predicted favourable");
            } else {
                di = favUnpriv / favPriv;
            }
        }
        Double eod = null;
        boolean privHasFav = hasLabel(p, privilegedMask, favourable);
        boolean unprivHasFav = hasLabel(p, unprivilegedMask, favourable);
        if (privHasFav && unprivHasFav) {
            eod = unprivileged.truePositiveRates()[favourable] - privileged.truePositiveRates()[favourable];
        } else {
            notes.add("equal opportunity difference undefined: the "
                    + (privHasFav ? unprivileged.group() : privileged.group())
                    + " group has no sample with the favourable label");
        }
        return new BinaryFairness(favourable, spd, di, eod, List.copyOf(notes));
    }

    private static boolean hasLabel(Predictions p, boolean[] members, int label) {
        for (int i = 0; i < p.size(); i++) {
            if (members[i] && p.label(i) == label) {
                return true;
            }
        }
        return false;
    }
}
