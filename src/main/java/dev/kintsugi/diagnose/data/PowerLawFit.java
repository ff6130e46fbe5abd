package dev.kintsugi.diagnose.data;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.SimpleCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoint;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.List;

/**
 * A learning curve's power law {@code acc(n) = a − b·n^(−c)} (accuracy approaches the ceiling {@code a} as
 * the training set grows), fitted by Levenberg–Marquardt (commons-math3 {@link SimpleCurveFitter}) from a
 * start found by a log-log line through {@code a₀ − acc} with {@code a₀} just above the best accuracy seen.
 * If the three-parameter fit fails or is not a rising, saturating curve ({@code b ≤ 0} or {@code c ≤ 0}), the
 * two-parameter law {@code error(n) = b·n^(−c)} (ceiling {@code a = 1}) from the log-log line is used.
 *
 * @param a     the ceiling accuracy
 * @param b     the scale
 * @param c     the exponent
 * @param model {@code "a - b*n^-c"} or {@code "1 - b*n^-c"}
 */
public record PowerLawFit(double a, double b, double c, String model) {

    public double accuracy(double n) {
        return a - b * Math.pow(n, -c);
    }

    /** Predicted accuracy gain from {@code n} to {@code 2n} samples. */
    public double gainFromDoubling(double n) {
        return accuracy(2 * n) - accuracy(n);
    }

    /** Fits to (n, accuracy) points; at least three distinct n are needed. */
    public static PowerLawFit fit(double[] n, double[] accuracy) {
        if (n.length != accuracy.length || n.length < 3) {
            throw new IllegalArgumentException("a power-law fit needs at least 3 (n, accuracy) points");
        }
        double best = 0;
        for (double v : accuracy) {
            best = Math.max(best, v);
        }
        double a0 = Math.min(1.0, best + 0.5 * (1.0 - best) + 1e-3);
        double[] start = logLogLine(n, accuracy, a0);
        List<WeightedObservedPoint> points = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            points.add(new WeightedObservedPoint(1, n[i], accuracy[i]));
        }
        try {
            double[] p = SimpleCurveFitter.create(new Law(), new double[] {a0, start[0], start[1]})
                    .withMaxIterations(2000).fit(points);
            if (p[1] > 0 && p[2] > 0 && Double.isFinite(p[0]) && p[0] <= 1.5) {
                return new PowerLawFit(p[0], p[1], p[2], "a - b*n^-c");
            }
        } catch (ConvergenceException | TooManyIterationsException e) {
            // fall back to the two-parameter law below
        }
        double[] two = logLogLine(n, accuracy, 1.0);
        return new PowerLawFit(1.0, two[0], two[1], "1 - b*n^-c");
    }

    /** {@code {b, c}} of the line {@code log(ceiling − acc) = log b − c·log n}. */
    private static double[] logLogLine(double[] n, double[] accuracy, double ceiling) {
        SimpleRegression line = new SimpleRegression();
        for (int i = 0; i < n.length; i++) {
            double gap = Math.max(ceiling - accuracy[i], 1e-6);
            line.addData(Math.log(n[i]), Math.log(gap));
        }
        return new double[] {Math.exp(line.getIntercept()), -line.getSlope()};
    }

    /** {@code a − b·n^(−c)} and its gradient with respect to (a, b, c). */
    private static final class Law implements ParametricUnivariateFunction {
        @Override
        public double value(double n, double... p) {
            return p[0] - p[1] * Math.pow(n, -p[2]);
        }

        @Override
        public double[] gradient(double n, double... p) {
            double pow = Math.pow(n, -p[2]);
            return new double[] {1, -pow, p[1] * pow * Math.log(n)};
        }
    }
}
