package dev.kintsugi.repair;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;

import java.util.Locale;

/**
 * The regression budget ({@code --max-nfr P}): approaches offer candidates as they go; the guard scores
 * each on the valid split and remembers the most accurate one whose negative flip rate against the
 * original is at most P percent. Besides the approach's own candidates it tries blends of the final
 * model with the original (weights o + t·(f − o) for t = 0.75, 0.5, 0.25, 0.1), which trade repairs for
 * flips smoothly, as weight-space ensembling (WiSE-FT, Wortsman et al. 2022) does. Off (P = null) it
 * does nothing and costs nothing, so the study's numbers stay comparable.
 */
public final class RegressionGuard {
    /** How far towards the fix each blend goes (1 would be the fix itself, 0 the original). */
    private static final double[] BLENDS = {0.75, 0.5, 0.25, 0.1};

    /** Refuses a regression budget outside 0..100 percent in one line; null (no guard) passes. */
    public static void requireValidBudget(Double maxNfrPercent) {
        if (maxNfrPercent != null && !(maxNfrPercent >= 0 && maxNfrPercent <= 100)) {
            throw new dev.kintsugi.KintsugiException("--max-nfr is a percentage between 0 and 100, got " + maxNfrPercent);
        }
    }

    private final Double maxNfr;
    private final Dataset valid;
    private final Predictions original;
    private byte[] best;
    private double bestAccuracy = Double.NEGATIVE_INFINITY;
    private double bestNfr = Double.NaN;
    private String bestLabel;
    private int considered;

    RegressionGuard(Double maxNfr, Dataset valid, Predictions originalOnValid) {
        this.maxNfr = maxNfr;
        this.valid = valid;
        this.original = originalOnValid;
    }

    public boolean active() {
        return maxNfr != null;
    }

    /** Scores a candidate (unchanged) and keeps a checkpoint of it if it is the best within budget. */
    public void consider(Network candidate, String label) {
        if (!active()) {
            return;
        }
        considered++;
        Predictions p = Predictor.predict(candidate, valid);
        double nfr = Correctness.of(original, p).negativeFlipRatePercent();
        double acc = p.accuracy();
        if (nfr <= maxNfr && acc > bestAccuracy) {
            bestAccuracy = acc;
            bestNfr = nfr;
            bestLabel = label;
            best = candidate.snapshot();
        }
    }

    /** The guard's verdict on a finished repair. */
    public record Verdict(Network network, boolean keptOriginal, String note) {
    }

    /**
     * Applies the budget to a fix whose parameters do not line up with the original's (REASSURE adds a patch
     * network): the fix itself if its valid NFR is within budget, else the original. No blends: there is
     * no weight-space path between the two.
     *
     * @return {@link Verdict#keptOriginal()} true when the caller must return the original instead
     */
    public Verdict selectWhole(Network fixed) {
        if (!active()) {
            return new Verdict(fixed, false, "regression guard off");
        }
        consider(fixed, "final");
        if (best == null) {
            return new Verdict(fixed, true, String.format(Locale.ROOT,
                    "the fix's valid NFR is above %.2f%%; returning the original model", maxNfr));
        }
        return new Verdict(fixed, false, String.format(Locale.ROOT,
                "kept the fix: valid accuracy %.4f, valid NFR %.2f%% <= %.2f%%", bestAccuracy, bestNfr, maxNfr));
    }

    /**
     * Applies the budget to the approach's final model: with the guard off, the final model; with it on,
     * the most accurate of all candidates within budget (the approach's, the final model and its blends
     * with the original), else the original. {@code fixed} is modified in place when a candidate is restored.
     */
    public Verdict select(Network original, Network fixed) {
        if (!active()) {
            return new Verdict(fixed, false, "regression guard off");
        }
        consider(fixed, "final");
        float[] o = original.flatParameters();
        float[] f = fixed.flatParameters();
        for (double t : BLENDS) {
            float[] blend = new float[o.length];
            for (int i = 0; i < o.length; i++) {
                blend[i] = (float) (o[i] + t * (f[i] - o[i]));
            }
            fixed.setFlatParameters(blend);
            consider(fixed, String.format(Locale.ROOT, "final blended %.2f with the original", t));
        }
        fixed.setFlatParameters(f);
        if (best == null) {
            fixed.restore(original.snapshot());
            return new Verdict(fixed, true, String.format(Locale.ROOT,
                    "no candidate kept valid NFR within %.2f%% (%d considered); returning the original model",
                    maxNfr, considered));
        }
        fixed.restore(best);
        return new Verdict(fixed, false, String.format(Locale.ROOT,
                "kept candidate '%s': valid accuracy %.4f, valid NFR %.2f%% <= %.2f%% (%d considered)", bestLabel,
                bestAccuracy, bestNfr, maxNfr, considered));
    }
}
