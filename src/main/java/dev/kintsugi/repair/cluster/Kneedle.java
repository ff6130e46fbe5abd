package dev.kintsugi.repair.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The Kneedle knee finder (Satopää et al., 2011) as {@code kneed.KneeLocator} with its defaults (S = 1,
 * offline: the first knee, interp1d, i.e. the points themselves), for a convex decreasing curve
 * ({@code curve="convex", direction="decreasing"}) and a concave increasing one ({@code curve="concave",
 * direction="increasing"}, what HUDD uses on the gradient of its WICD curve). x must be increasing.
 */
public final class Kneedle {
    private Kneedle() {
    }

    /** Index of the knee in {@code x}, or empty when the curve has none (kneed returns None). */
    public static OptionalInt convexDecreasing(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            return OptionalInt.empty();
        }
        double[] xn = normalise(x);
        double[] yn = normalise(y);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            // convex & decreasing: flip y (y.max() - y) to turn the elbow into a knee
            diff[i] = (1 - yn[i]) - xn[i];
        }
        return knee(xn, diff);
    }

    /** Index of the knee of a concave, increasing curve, or empty when kneed would return None. */
    public static OptionalInt concaveIncreasing(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            return OptionalInt.empty();
        }
        double[] xn = normalise(x);
        double[] yn = normalise(y);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = yn[i] - xn[i];
        }
        return knee(xn, diff);
    }

    /** kneed's {@code find_knee} in offline mode, on the difference curve; the knee's index (not flipped). */
    private static OptionalInt knee(double[] xn, double[] diff) {
        int n = xn.length;
        List<Integer> maxima = extrema(diff, true);
        List<Integer> minima = extrema(diff, false);
        if (maxima.isEmpty()) {
            return OptionalInt.empty();
        }
        double meanStep = (xn[n - 1] - xn[0]) / (n - 1);
        double threshold = 0;
        int thresholdIndex = 0;
        for (int i = maxima.get(0); i < n - 1; i++) {
            if (maxima.contains(i)) {
                threshold = diff[i] - Math.abs(meanStep);
                thresholdIndex = i;
            }
            if (minima.contains(i)) {
                threshold = 0;
            }
            if (diff[i + 1] < threshold) {
                return OptionalInt.of(thresholdIndex);
            }
        }
        return OptionalInt.empty();
    }

    private static double[] normalise(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        double range = max - min;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = range == 0 ? 0 : (v[i] - min) / range;
        }
        return out;
    }

    /** Local maxima (or minima) with ties allowed and edges clipped, as scipy's argrelextrema. */
    private static List<Integer> extrema(double[] v, boolean maxima) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            double left = v[Math.max(i - 1, 0)];
            double right = v[Math.min(i + 1, v.length - 1)];
            boolean is = maxima ? v[i] >= left && v[i] >= right : v[i] <= left && v[i] <= right;
            if (is) {
                out.add(i);
            }
        }
        return out;
    }
}
