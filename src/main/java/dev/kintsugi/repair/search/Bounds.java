package dev.kintsugi.repair.search;

/** Per-dimension box constraints. */
public record Bounds(double[] lower, double[] upper) {
    public Bounds {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("bounds of different lengths");
        }
        for (int i = 0; i < lower.length; i++) {
            if (!(lower[i] <= upper[i])) {
                throw new IllegalArgumentException("lower bound above upper bound at " + i);
            }
        }
    }

    public static Bounds uniform(int dims, double low, double high) {
        double[] lo = new double[dims];
        double[] hi = new double[dims];
        java.util.Arrays.fill(lo, low);
        java.util.Arrays.fill(hi, high);
        return new Bounds(lo, hi);
    }

    public int dims() {
        return lower.length;
    }

    public double clip(int i, double v) {
        return Math.max(lower[i], Math.min(upper[i], v));
    }
}
