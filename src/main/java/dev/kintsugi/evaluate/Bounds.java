package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;

/** The box every input value must stay in, as Foolbox's model bounds: [0, 1] for images scaled to it. */
public record Bounds(float lower, float upper) {
    public static final Bounds UNIT = new Bounds(0f, 1f);

    public Bounds {
        if (!(lower < upper) || !Float.isFinite(lower) || !Float.isFinite(upper)) {
            throw new KintsugiException("input bounds must be finite with lower < upper, got [" + lower + ", "
                    + upper + "]");
        }
    }

    /** The smallest box holding every value: the study's bounds were the min and max of the inputs attacked. */
    public static Bounds of(float[] values) {
        if (values.length == 0) {
            throw new KintsugiException("cannot take bounds of no values");
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new Bounds(lo, hi);
    }

    public float clip(float v) {
        return Math.min(upper, Math.max(lower, v));
    }
}
