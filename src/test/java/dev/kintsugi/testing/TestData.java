package dev.kintsugi.testing;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small synthetic datasets that tests generate themselves. */
public final class TestData {
    private TestData() {
    }

    /**
     * {@code n} samples of {@code k} Gaussian blobs: class c's centre has +3 in coordinate c mod dims, so
     * the task is easy and a linear model separates it well.
     */
    public static Dataset blobs(String name, int n, int dims, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y[i] = c;
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (gaussian(r) * 0.7 + (d == c % dims ? 3.0 : 0.0));
            }
        }
        return new Dataset(name, new int[] {dims}, x, y, classNames(k));
    }

    /** Tiny images {@code [1, size, size]}: class c lights up a horizontal band at row c. */
    public static Dataset bands(String name, int n, int size, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int pixels = size * size;
        float[] x = new float[n * pixels];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y[i] = c;
            int row = c * size / k;
            for (int p = 0; p < pixels; p++) {
                double v = r.nextDouble() * 0.3;
                if (p / size == row) {
                    v += 0.7;
                }
                x[i * pixels + p] = (float) Math.min(1.0, v);
            }
        }
        return new Dataset(name, new int[] {1, size, size}, x, y, classNames(k));
    }

    /**
     * Four splits of a 3-class, 4-feature task with a planted failure: class 0 has a second mode (high on
     * features 1 and 3, so it looks like class 1 to a model that has not learnt feature 3). Half of class 0
     * is in that mode in valid, repair and test, but only one in forty in train, so a briefly trained
     * model fails on that sub-population; the rare training examples are what data-driven repairs can
     * learn from. Sizes: train 600, valid 150, repair 300, test 300.
     */
    public static Splits plantedSubpopulation(long seed) {
        return new Splits("planted", planted("train", 600, seed, 40), planted("valid", 150, seed + 1, 2),
                planted("repair", 300, seed + 2, 2), planted("test", 300, seed + 3, 2));
    }

    private static Dataset planted(String name, int n, long seed, int hiddenEvery) {
        SplittableRandom r = new SplittableRandom(seed);
        int dims = 4;
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            boolean hidden = c == 0 && (i / 3) % hiddenEvery == 0;
            for (int d = 0; d < dims; d++) {
                boolean hot = hidden ? (d == 1 || d == 3) : d == c;
                x[i * dims + d] = (float) (gaussian(r) * 0.5 + (hot ? 3.0 : 0.0));
            }
        }
        return new Dataset(name, new int[] {dims}, x, y, classNames(3));
    }

    public static List<String> classNames(int k) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("class" + c);
        }
        return names;
    }

    public static ArchitectureSpec spec(String arch, Map<String, String> options, Dataset data) {
        return new ArchitectureSpec(arch, ModelZoo.resolveOptions(arch, options), data.sampleShape(), null,
                data.classNames());
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
