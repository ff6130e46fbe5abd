package dev.kintsugi.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to rebuild a network before its parameters are loaded: the zoo architecture and
 * its fully resolved options, the input shape of one sample, the input normalisation applied inside the
 * network (so attacks and gradients work on raw inputs), and the class names.
 *
 * @param architecture  zoo name, for example {@code lenet5}
 * @param options       every option with its value, defaults included, so the spec alone rebuilds it
 * @param inputShape    one sample's shape, for example {@code [1, 28, 28]}
 * @param normalization per-input scalar mean and std, or {@code null} for none
 * @param classNames    output classes in label order
 */
public record ArchitectureSpec(String architecture, Map<String, String> options, int[] inputShape,
                               Normalization normalization, List<String> classNames) {

    /** One sample may hold at most this many values; a side at most {@link #MAX_SIDE}. */
    public static final long MAX_SAMPLE_VALUES = 1L << 24;
    public static final int MAX_SIDE = 4096;

    public ArchitectureSpec {
        options = new TreeMap<>(options);
        inputShape = inputShape.clone();
        classNames = List.copyOf(classNames);
        checkInputShape(inputShape);
    }

    /** Refuses negative, zero or huge shapes before anything is allocated for them. */
    public static void checkInputShape(int[] shape) {
        if (shape.length < 1 || shape.length > 4) {
            throw new dev.kintsugi.KintsugiException("input shape " + java.util.Arrays.toString(shape)
                    + " must have 1 to 4 dimensions");
        }
        long values = 1;
        for (int d : shape) {
            if (d < 1 || d > MAX_SIDE) {
                throw new dev.kintsugi.KintsugiException("input shape " + java.util.Arrays.toString(shape)
                        + " must have sizes between 1 and " + MAX_SIDE);
            }
            values *= d;
        }
        if (values > MAX_SAMPLE_VALUES) {
            throw new dev.kintsugi.KintsugiException("input shape " + java.util.Arrays.toString(shape) + " holds "
                    + values + " values per sample, more than " + MAX_SAMPLE_VALUES);
        }
    }

    /** Value equality; records compare arrays by identity, so the input shape is compared here. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ArchitectureSpec s && architecture.equals(s.architecture) && options.equals(s.options)
                && java.util.Arrays.equals(inputShape, s.inputShape) && java.util.Objects.equals(normalization,
                s.normalization) && classNames.equals(s.classNames);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(architecture, options, java.util.Arrays.hashCode(inputShape), normalization,
                classNames);
    }

    @Override
    public String toString() {
        return architecture + options + " input " + java.util.Arrays.toString(inputShape) + ", " + classNames.size()
                + " classes";
    }

    /** Scalar input normalisation {@code (x - mean) / std}. */
    public record Normalization(double mean, double std) {
        public Normalization {
            if (!Double.isFinite(mean) || !Double.isFinite(std) || std <= 0) {
                throw new dev.kintsugi.KintsugiException("normalisation needs a finite mean and a positive finite "
                        + "std, got mean " + mean + ", std " + std);
            }
        }

        /** One mean and standard deviation over every value of {@code train} (floored so it never divides by 0). */
        public static Normalization fit(dev.kintsugi.data.Dataset train) {
            float[] x = train.featuresView();
            double sum = 0;
            double sq = 0;
            for (float v : x) {
                sum += v;
                sq += (double) v * v;
            }
            double mean = sum / x.length;
            return new Normalization(mean, Math.sqrt(Math.max(sq / x.length - mean * mean, 1e-12)));
        }
    }

    public int numClasses() {
        return classNames.size();
    }

    public String option(String key) {
        return options.get(key);
    }

    /** A copy with one option changed (for example the training doctor swapping the activation). */
    public ArchitectureSpec withOption(String key, String value) {
        Map<String, String> copy = new TreeMap<>(options);
        copy.put(key, value);
        return new ArchitectureSpec(architecture, copy, inputShape, normalization, classNames);
    }
}
