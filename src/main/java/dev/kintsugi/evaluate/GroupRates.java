package dev.kintsugi.evaluate;

/**
 * One sensitive group's size, accuracy and one-vs-rest rates per class, from the group's confusion matrix.
 * Following the study's definition, a rate whose denominator is zero (a class absent from the group, or never
 * predicted against) is 0. {@code accuracy} is null for an empty group.
 *
 * @param truePositiveRates  TPR(c) = TP / (TP + FN) per class c
 * @param falsePositiveRates FPR(c) = FP / (FP + TN) per class c
 * @param predictedCounts    how many of the group's samples were predicted as each class
 */
public record GroupRates(String group, long samples, Double accuracy, double[] truePositiveRates,
                         double[] falsePositiveRates, long[] predictedCounts) {

    static GroupRates of(String group, Predictions p, boolean[] members) {
        ConfusionMatrix m = ConfusionMatrix.of(p, members);
        int k = m.numClasses();
        double[] tpr = new double[k];
        double[] fpr = new double[k];
        long[] predicted = new long[k];
        for (int c = 0; c < k; c++) {
            tpr[c] = rate(m.truePositives(c), m.truePositives(c) + m.falseNegatives(c));
            fpr[c] = rate(m.falsePositives(c), m.falsePositives(c) + m.trueNegatives(c));
            predicted[c] = m.predictedCount(c);
        }
        long n = m.total();
        return new GroupRates(group, n, n == 0 ? null : m.accuracy(), tpr, fpr, predicted);
    }

    private static double rate(long count, long denominator) {
        return denominator == 0 ? 0 : (double) count / denominator;
    }

    /** Share of the group predicted as class c; null for an empty group. */
    public Double predictedRate(int c) {
        return samples == 0 ? null : (double) predictedCounts[c] / samples;
    }
}
