package dev.kintsugi.report;

import java.util.Locale;

/**
 * How a table column is heat-shaded, in the style of the heat tables of DL-repair studies: the colour
 * says good or bad, its strength says how much, relative to the rest of the column.
 */
public enum Shading {
    /** A signed relative change (a "⇑" column): positive green, negative red, strength |v| / max |v|. */
    IMPROVEMENT,
    /** Green, strongest at the column's maximum and absent at its minimum. */
    HIGHER_IS_BETTER,
    /** Green, strongest at the column's minimum and absent at its maximum. */
    LOWER_IS_BETTER;

    /** Strongest tint; weaker than opaque so that the value stays readable on it. */
    static final double MAX_ALPHA = 0.6;
    static final String GOOD_RGB = "46,160,67";
    static final String BAD_RGB = "215,58,73";

    /** The finite values of one column, summarised for shading. */
    record ColumnRange(double min, double max, double maxAbs) {
        static ColumnRange of(double[] finiteValues) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double maxAbs = 0;
            for (double v : finiteValues) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            return new ColumnRange(min, max, maxAbs);
        }
    }

    /** The signed strength in [-1, 1] of {@code value}'s shade: positive is good, negative is bad. */
    double strength(double value, ColumnRange range) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        double spread = range.max() - range.min();
        return switch (this) {
            case IMPROVEMENT -> range.maxAbs() == 0 ? 0 : value / range.maxAbs();
            case HIGHER_IS_BETTER -> spread == 0 ? 0 : (value - range.min()) / spread;
            case LOWER_IS_BETTER -> spread == 0 ? 0 : (range.max() - value) / spread;
        };
    }

    /** The inline CSS for a cell of this strength, or "" for no shade. */
    static String cssFor(double strength) {
        if (strength == 0) {
            return "";
        }
        String rgb = strength > 0 ? GOOD_RGB : BAD_RGB;
        double alpha = MAX_ALPHA * Math.min(1, Math.abs(strength));
        return String.format(Locale.ROOT, "background-color:rgba(%s,%.3f)", rgb, alpha);
    }
}
