package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic stratified splits. Within each class the indices are shuffled (Fisher-Yates driven by
 * {@link SplittableRandom} seeded with the given seed, classes visited in label order) and the first
 * {@code round(fraction * count)} go to the first part. Each part keeps its indices in ascending
 * order, so the same seed always yields the same datasets, sample for sample.
 */
public final class StratifiedSplitter {
    public static final long DEFAULT_SEED = 0L;

    private StratifiedSplitter() {
    }

    /** Indices of the two parts, each ascending. */
    public record Partition(int[] first, int[] second) {
    }

    /** Two datasets cut from one. */
    public record Parts(Dataset first, Dataset second) {
    }

    public static Partition partition(int[] labels, int numClasses, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must lie in [0, 1]: " + fraction);
        }
        int[][] byClass = ClassIndices.byClass(labels, numClasses);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] inFirst = new boolean[labels.length];
        int firstSize = 0;
        for (int[] members : byClass) {
            ClassIndices.shuffle(members, rng);
            int take = (int) Math.round(fraction * members.length);
            for (int k = 0; k < take; k++) {
                inFirst[members[k]] = true;
            }
            firstSize += take;
        }
        int[] first = new int[firstSize];
        int[] second = new int[labels.length - firstSize];
        for (int i = 0, a = 0, b = 0; i < labels.length; i++) {
            if (inFirst[i]) {
                first[a++] = i;
            } else {
                second[b++] = i;
            }
        }
        return new Partition(first, second);
    }

    public static Parts split(Dataset data, double fraction, long seed, String firstName, String secondName) {
        Partition p = partition(data.labels(), data.numClasses(), fraction, seed);
        return new Parts(data.subset(firstName, p.first()), data.subset(secondName, p.second()));
    }

    /**
     * The study's split of a dataset shipped as a training and a test file (Fashion-MNIST): the training
     * file 90/10 into train/valid, the test file 50/50 into repair/test. Parts are named after the part
     * of {@code trainFile.name()} before its first '/', e.g. "fashion-mnist/train".
     */
    public static Splits fourWay(Dataset trainFile, Dataset testFile, long seed) {
        if (!trainFile.classNames().equals(testFile.classNames())) {
            throw new KintsugiException(trainFile.name() + " and " + testFile.name() + " have different class names: "
                    + trainFile.classNames() + " vs " + testFile.classNames());
        }
        String base = baseName(trainFile.name());
        Parts trainValid = split(trainFile, 0.9, seed, base + "/train", base + "/valid");
        Parts repairTest = split(testFile, 0.5, seed, base + "/repair", base + "/test");
        return checked(new Splits(base + " (training file 90/10 -> train/valid, test file 50/50 -> repair/test,"
                + " stratified, seed " + seed + ")", trainValid.first(), trainValid.second(), repairTest.first(),
                repairTest.second()));
    }

    /**
     * The study's split of a single-file dataset: 80/20 into a train pool and a test pool, the train
     * pool 90/10 into train/valid and the test pool 50/50 into repair/test (72/8/10/10 overall).
     */
    public static Splits fourWay(Dataset all, long seed) {
        String base = baseName(all.name());
        Parts pools = split(all, 0.8, seed, base + "/train-pool", base + "/test-pool");
        Parts trainValid = split(pools.first(), 0.9, seed, base + "/train", base + "/valid");
        Parts repairTest = split(pools.second(), 0.5, seed, base + "/repair", base + "/test");
        return checked(new Splits(base + " (80/20 -> train pool/test pool, train pool 90/10 -> train/valid,"
                + " test pool 50/50 -> repair/test, stratified, seed " + seed + ")", trainValid.first(),
                trainValid.second(), repairTest.first(), repairTest.second()));
    }

    private static Splits checked(Splits s) {
        for (Map.Entry<String, Dataset> part : s.byName().entrySet()) {
            if (part.getValue().size() == 0) {
                throw new KintsugiException(part.getValue().name() + ": split '" + part.getKey()
                        + "' is empty; the dataset has too few samples");
            }
        }
        return s;
    }

    private static String baseName(String name) {
        int slash = name.indexOf('/');
        return slash > 0 ? name.substring(0, slash) : name;
    }
}
