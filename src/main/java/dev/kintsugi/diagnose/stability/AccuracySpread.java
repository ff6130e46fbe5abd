package dev.kintsugi.diagnose.stability;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * The distribution of one metric across runs. {@code std} is the sample standard deviation (n - 1 in the
 * denominator; 0 for a single run).
 */
public record AccuracySpread(int runs, double mean, double std, double min, double median, double max) {

    public static AccuracySpread of(double[] values) {
        DescriptiveStatistics s = new DescriptiveStatistics(values);
        return new AccuracySpread(values.length, s.getMean(), values.length > 1 ? s.getStandardDeviation() : 0,
                s.getMin(), s.getPercentile(50), s.getMax());
    }
}
