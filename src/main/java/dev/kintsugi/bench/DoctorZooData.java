package dev.kintsugi.bench;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.GermanCredit;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.StandardizedSplits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fault zoo's datasets, small so that a run takes seconds: Fashion-MNIST subsampled, German Credit whole, and
 * the data-level faults planted on them (unnormalised inputs, a tiny training set, a rare class).
 */
final class DoctorZooData {
    /** Train / valid / test of one zoo dataset. */
    record Data(String name, Dataset train, Dataset valid, Dataset test, boolean normalise) {
    }

    private final Map<String, Data> cache = new HashMap<>();
    private Splits fashion;
    private StandardizedSplits credit;

    Data get(String key) {
        return cache.computeIfAbsent(key, this::make);
    }

    private Data make(String key) {
        return switch (key) {
            case "fm" -> fm("fm", 3000);
            case "fm-tiny" -> fm("fm-tiny", 200);
            case "fm-255" -> scaled(fm("fm", 3000), "fm-255", 255f);
            case "fm-rare" -> rare(fm("fm", 3000), "fm-rare", 0, 0.03);
            case "gc" -> gc();
            case "gc-tiny" -> new Data("gc-tiny", sample(gc().train(), 100, 7), gc().valid(), gc().test(), false);
            case "gc-raw" -> gcRaw();
            case "gc-rare" -> rare(gc(), "gc-rare", 1, 0.1);
            // the held-out zoo's variants (DoctorZooHeldout)
            case "fm-tiny300" -> fm("fm-tiny300", 300);
            case "gc-tiny80" -> new Data("gc-tiny80", sample(gc().train(), 80, 17), gc().valid(), gc().test(), false);
            case "fm-rare6" -> rare(fm("fm", 3000), "fm-rare6", 6, 0.04);
            case "fm-rare9" -> rare(fm("fm", 3000), "fm-rare9", 9, 0.02);
            case "gc-rare20" -> rare(gc(), "gc-rare20", 1, 0.2);
            default -> throw new IllegalArgumentException("unknown zoo dataset " + key);
        };
    }

    private Data fm(String name, int trainSize) {
        if (fashion == null) {
            fashion = BuiltinDatasets.load("fashion-mnist", 0);
        }
        return new Data(name, sample(fashion.train(), trainSize, 1), sample(fashion.valid(), 1000, 2),
                sample(fashion.test(), 2000, 3), true);
    }

    private Data gc() {
        if (credit == null) {
            credit = GermanCredit.load(Path.of(BuiltinDatasets.locate(GermanCredit.NAME)), 0);
        }
        Splits s = credit.splits();
        return new Data("gc", s.train(), s.valid(), s.test(), false);
    }

    /** German Credit as read, before standardisation: amounts in Deutsche Mark, durations in months, ages. */
    private Data gcRaw() {
        Data gc = gc();
        double[] mean = credit.standardizer().mean();
        double[] std = credit.standardizer().std();
        return new Data("gc-raw", unstandardise(gc.train(), mean, std), unstandardise(gc.valid(), mean, std),
                unstandardise(gc.test(), mean, std), false);
    }

    private static Dataset unstandardise(Dataset d, double[] mean, double[] std) {
        float[] x = d.featuresView().clone();
        int f = mean.length;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * std[i % f] + mean[i % f]);
        }
        return d.withFeatures(d.name() + "-raw", x);
    }

    /** Pixels in [0, 255] and no normalisation inside the network. */
    private static Data scaled(Data d, String name, float factor) {
        return new Data(name, times(d.train(), factor), times(d.valid(), factor), times(d.test(), factor), false);
    }

    private static Dataset times(Dataset d, float factor) {
        float[] x = d.featuresView().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor;
        }
        return d.withFeatures(d.name() + "-x" + factor, x);
    }

    /** Keeps only {@code share} of class {@code rare} in the training split. */
    private static Data rare(Data d, String name, int rare, double share) {
        List<Integer> keep = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < d.train().size(); i++) {
            if (d.train().label(i) != rare) {
                keep.add(i);
            } else {
                seen++;
                if ((int) (seen * share) != (int) ((seen - 1) * share)) {
                    keep.add(i);
                }
            }
        }
        int[] idx = keep.stream().mapToInt(Integer::intValue).toArray();
        return new Data(name, d.train().subset(d.train().name() + "-rare", idx), d.valid(), d.test(), d.normalise());
    }

    /** {@code n} samples drawn without replacement (seeded), or all if there are fewer. */
    private static Dataset sample(Dataset d, int n, long seed) {
        if (n >= d.size()) {
            return d;
        }
        int[] order = new int[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        ClassIndices.shuffle(order, new SplittableRandom(seed));
        return d.subset(d.name() + "-" + n, java.util.Arrays.copyOf(order, n));
    }
}
