package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.List;
import java.util.Map;

/**
 * Classifier two-sample test (Lopez-Paz &amp; Oquab 2017, with AUC as the statistic): a small zoo classifier
 * ({@link #classifierFor}, trained by the ordinary {@link Trainer}, Adam, batch 64, the given epochs
 * but at least 200 updates) learns to tell
 * reference samples from new ones on one half of each; on the other, held-out halves its AUC is ~0.5 when
 * the two come from one distribution. Because the held-out scores are independent of training, the AUC is
 * the Mann-Whitney U statistic divided by {@code n1 n2} and has its null distribution; the p-value is the
 * one-sided normal approximation {@code z = (U - n1 n2 / 2) / sqrt(n1 n2 (n1 + n2 + 1) / 12)} (ties counted
 * half, no tie correction).
 */
public final class DomainClassifierTest {
    static final List<String> DOMAINS = List.of("reference", "new");
    static final int MIN_CNN_SIDE = 16;
    static final int BATCH = 64;
    static final int MIN_STEPS = 200;

    private DomainClassifierTest() {
    }

    /** {@code reference} and {@code current} must share a sample shape; each is split in halves here. */
    public static TwoSampleResult test(Dataset reference, Dataset current, int epochs, long seed) {
        return test(reference, current, classifierFor(reference.sampleShape()), epochs, seed);
    }

    /**
     * LeNet-5 for images of at least 16x16 pixels, else logistic regression. On Fashion-MNIST (1,000 test
     * images a side) logistic regression missed Gaussian noise of std 0.08 (held-out AUC 0.49) that LeNet-5
     * caught (AUC 0.94): a linear model on pixels sees mean shifts, not texture.
     */
    static String classifierFor(int[] shape) {
        return shape.length == 3 && shape[1] >= MIN_CNN_SIDE && shape[2] >= MIN_CNN_SIDE ? "lenet5" : "mlp";
    }

    /** {@code arch} is a zoo architecture with default options; {@code mlp} here means no hidden layer. */
    public static TwoSampleResult test(Dataset reference, Dataset current, String arch, int epochs, long seed) {
        Halves ref = Halves.of(reference.size(), seed);
        Halves cur = Halves.of(current.size(), seed + 1);
        Dataset fit = labelled("domain-fit", reference, ref.first(), current, cur.first());
        Dataset heldOut = labelled("domain-held-out", reference, ref.second(), current, cur.second());
        // Small samples get more epochs, so the classifier always sees at least MIN_STEPS updates.
        int stepsPerEpoch = (fit.size() + BATCH - 1) / BATCH;
        int epochsRun = Math.max(epochs, (MIN_STEPS + stepsPerEpoch - 1) / stepsPerEpoch);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochsRun).withBatchSize(BATCH).withSeed(seed);
        try (Network classifier = Network.create(ModelZoo.specFor(arch, arch.equals("mlp") ? Map.of("hidden", "") : Map.of(), fit, true), seed)) {
            new Trainer(config).fit(classifier, fit, null);
            Predictions p = Predictor.predict(classifier, heldOut);
            double[] scores = new double[heldOut.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p.probability(i, 1);
            }
            int n1 = ref.second().length;
            int n2 = cur.second().length;
            double auc = auc(scores, n1);
            double u = auc * n1 * n2;
            double z = (u - n1 * (double) n2 / 2) / Math.sqrt(n1 * (double) n2 * (n1 + n2 + 1) / 12.0);
            double pValue = 1 - new NormalDistribution().cumulativeProbability(z);
            return new TwoSampleResult("domain-classifier", auc, pValue, Map.of("classifier", arch.equals("mlp") ? "logistic regression" : arch,
                    "epochs", epochsRun, "fitSamples", fit.size(), "heldOutReference", n1, "heldOutNew", n2));
        }
    }

    /** AUC of scores where the first {@code negatives} belong to the reference and the rest are new. */
    static double auc(double[] scores, int negatives) {
        int positives = scores.length - negatives;
        double wins = 0;
        double[] neg = java.util.Arrays.copyOf(scores, negatives);
        java.util.Arrays.sort(neg);
        for (int i = negatives; i < scores.length; i++) {
            double s = scores[i];
            int below = lowerBound(neg, s);
            int notAbove = upperBound(neg, s);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / (negatives * (double) positives);
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Reference samples (label 0) then current samples (label 1). */
    private static Dataset labelled(String name, Dataset reference, int[] refIndices, Dataset current,
                                    int[] curIndices) {
        int size = reference.sampleSize();
        float[] features = new float[(refIndices.length + curIndices.length) * size];
        int[] labels = new int[refIndices.length + curIndices.length];
        int at = 0;
        for (int i : refIndices) {
            reference.copySample(i, features, at * size);
            labels[at++] = 0;
        }
        for (int i : curIndices) {
            current.copySample(i, features, at * size);
            labels[at++] = 1;
        }
        return new Dataset(name, reference.sampleShape(), features, labels, DOMAINS);
    }

    /** A seeded random split of 0..n-1 into two halves (the first gets the extra one). */
    record Halves(int[] first, int[] second) {
        static Halves of(int n, long seed) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            ClassIndices.shuffle(order, random);
            int half = (n + 1) / 2;
            return new Halves(java.util.Arrays.copyOfRange(order, 0, half), java.util.Arrays.copyOfRange(order, half, n));
        }
    }
}
