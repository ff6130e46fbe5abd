package dev.kintsugi.evaluate;

/**
 * A relative change in percent between an original and a fixed model's value of one metric, as the study
 * reports ⇑ACC, ⇑ASR and ⇑AAOD. {@code percent} is null when the change is undefined (the original value
 * is zero or itself undefined); {@code note} then says why, so JSON reports stay valid.
 */
public record RelativeChange(Double percent, String note) {

    /** (fixed − original) / original × 100: positive when the metric grew (⇑ACC). */
    public static RelativeChange increase(Double original, Double fixed) {
        return of(original, fixed, 1);
    }

    /** (original − fixed) / original × 100: positive when the metric shrank (⇑ASR, ⇑AAOD). */
    public static RelativeChange decrease(Double original, Double fixed) {
        return of(original, fixed, -1);
    }

    private static RelativeChange of(Double original, Double fixed, int sign) {
        if (original == null || fixed == null || original.isNaN() || fixed.isNaN()) {
            return new RelativeChange(null, "undefined: the " + (original == null || original.isNaN() ? "original"
                    : "fixed") + " model's value is undefined");
        }
        if (original == 0) {
            return new RelativeChange(null, "undefined: the original model's value is 0");
        }
        // + 0.0 turns a negative zero (no change) into 0, so tables never show "-0.00".
        return new RelativeChange(sign * (fixed - original) / original * 100 + 0.0, null);
    }

    public boolean defined() {
        return percent != null;
    }
}
