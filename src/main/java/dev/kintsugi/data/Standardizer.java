package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on the training split only so no
 * statistic leaks from valid, repair or test. A constant feature gets std 1 (it becomes 0). A plain
 * record of two arrays, so a model directory can store it (for example as JSON) and apply it to new
 * data later.
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " standard deviations");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Population mean and standard deviation of each feature of {@code train}. */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int width = train.sampleSize();
        if (n == 0) {
            throw new KintsugiException(train.name() + ": cannot fit a standardiser on an empty dataset");
        }
        float[] x = train.featuresView();
        double[] mean = new double[width];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < width; f++) {
                mean[f] += x[i * width + f];
            }
        }
        for (int f = 0; f < width; f++) {
            mean[f] /= n;
        }
        double[] std = new double[width];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < width; f++) {
                double d = x[i * width + f] - mean[f];
                std[f] += d * d;
            }
        }
        for (int f = 0; f < width; f++) {
            std[f] = Math.sqrt(std[f] / n);
            if (std[f] == 0) {
                std[f] = 1;
            }
        }
        return new Standardizer(mean, std);
    }

    public Dataset apply(Dataset data) {
        int width = data.sampleSize();
        if (width != mean.length) {
            throw new KintsugiException(data.name() + " has " + width + " features but the standardiser was fitted on "
                    + mean.length);
        }
        float[] x = data.featuresView();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int f = i % width;
            out[i] = (float) ((x[i] - mean[f]) / std[f]);
        }
        return data.withFeatures(data.name(), out);
    }

    /** Fits on {@code raw.train()} and applies the result to all four splits. */
    public static StandardizedSplits fitAndApply(Splits raw) {
        Standardizer s = fit(raw.train());
        Splits scaled = new Splits(raw.source() + ", standardised on train", s.apply(raw.train()), s.apply(raw.valid()),
                s.apply(raw.repair()), s.apply(raw.test()));
        return new StandardizedSplits(scaled, s);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }
}
