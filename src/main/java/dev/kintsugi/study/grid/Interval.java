package dev.kintsugi.study.grid;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * The mean of a metric over seeds with its 95% confidence interval (Student's t, n − 1 degrees of freedom).
 * With one value the interval is that value's point (lower = upper = mean, {@code n} says why).
 */
public record Interval(int n, double mean, double lower, double upper, double[] values) {
    public static Interval of(double[] values) {
        int n = values.length;
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        if (n < 2) {
            return new Interval(n, mean, mean, mean, values.clone());
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (n - 1) / n);
        return new Interval(n, mean, mean - half, mean + half, values.clone());
    }

    public double halfWidth() {
        return (upper - lower) / 2;
    }

    /** Whether this interval lies wholly above {@code other}'s. */
    public boolean above(Interval other) {
        return n >= 2 && other.n >= 2 && lower > other.upper;
    }

    @Override
    public String toString() {
        return n < 2 ? String.format(java.util.Locale.ROOT, "%.2f (n=%d)", mean, n)
                : String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean, halfWidth());
    }
}
