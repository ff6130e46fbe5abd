package dev.kintsugi.study.grid;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Dataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * How alike a user's dataset is to a benchmark's: the same input shape and number of classes, and the distance
 * between their raw feature distributions, |Δmean| + |Δstd| in units of the benchmark's standard deviation.
 * Evidence from a benchmark transfers best to data it resembles; recommend warns when no benchmark does.
 */
public record DatasetLikeness(String benchmark, boolean sameShape, boolean sameClasses, double distance) {
    /** Beyond this distance (or with another shape or class count) a dataset is unlike the benchmark. */
    public static final double LIKE = 0.5;

    public boolean alike() {
        return sameShape && sameClasses && distance <= LIKE;
    }

    public static DatasetLikeness of(Dataset data, Benchmark b, long splitSeed) {
        Dataset bench = BuiltinDatasets.load(b.dataset(), splitSeed).train();
        double[] u = moments(data);
        double[] v = moments(bench);
        double scale = v[1] > 0 ? v[1] : 1;
        return new DatasetLikeness(b.name(), Arrays.equals(data.sampleShape(), bench.sampleShape()),
                data.classNames().size() == bench.classNames().size(),
                (Math.abs(u[0] - v[0]) + Math.abs(u[1] - v[1])) / scale);
    }

    private static double[] moments(Dataset d) {
        float[] x = d.featuresView();
        double sum = 0;
        double sq = 0;
        for (float f : x) {
            sum += f;
            sq += (double) f * f;
        }
        double mean = x.length == 0 ? 0 : sum / x.length;
        double var = x.length == 0 ? 0 : Math.max(0, sq / x.length - mean * mean);
        return new double[] {mean, Math.sqrt(var)};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s shape, %s classes, distance %.2f", benchmark,
                sameShape ? "same" : "other", sameClasses ? "same number of" : "another number of", distance);
    }
}
