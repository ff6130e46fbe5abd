package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;

/**
 * How much runs that differ only in their randomness agree on the test split.
 *
 * <ul>
 *   <li><b>Churn</b> of two runs: the share of test inputs on which their predicted classes differ
 *       (Milani Fard et al.'s "churn"; the source article's "prediction churn"). {@link #meanChurn} is its
 *       mean over all unordered pairs of runs.</li>
 *   <li><b>Per-sample correctness</b>: for every test input, how many of the N runs classify it correctly;
 *       {@link #correctCountHistogram} counts inputs by that number (0..N).</li>
 *   <li><b>Per-sample agreement</b>: for every test input, how many runs predict its most frequent
 *       prediction (the majority class; ties count once); {@link #majorityCountHistogram} counts inputs
 *       by that number (1..N; index 0 stays 0).</li>
 * </ul>
 * Predictions are {@code [runs][samples]} class indices; every run must cover the same inputs.
 *
 * @param churn                 pairwise churn, {@code [runs][runs]}, 0 on the diagonal
 * @param meanChurn             mean over pairs {@code r < s} (0 for a single run)
 * @param minChurn              smallest pairwise churn (0 for a single run)
 * @param maxChurn              largest pairwise churn (0 for a single run)
 * @param correctCountHistogram index k: inputs that exactly k runs classify correctly
 * @param majorityCountHistogram index k: inputs whose majority prediction is shared by exactly k runs
 * @param alwaysCorrect         share of inputs every run gets right
 * @param alwaysWrong           share of inputs every run gets wrong
 * @param unanimous             share of inputs on which every run predicts the same class
 */
public record PredictionAgreement(double[][] churn, double meanChurn, double minChurn, double maxChurn,
                                  int[] correctCountHistogram, int[] majorityCountHistogram, double alwaysCorrect,
                                  double alwaysWrong, double unanimous) {

    public static PredictionAgreement of(int[][] predictions, int[] labels) {
        int runs = predictions.length;
        if (runs == 0) {
            throw new KintsugiException("agreement needs at least one run");
        }
        int n = labels.length;
        for (int[] p : predictions) {
            if (p.length != n) {
                throw new KintsugiException("every run must predict the same " + n + " test inputs, got " + p.length);
            }
        }
        double[][] churn = new double[runs][runs];
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int pairs = 0;
        for (int r = 0; r < runs; r++) {
            for (int s = r + 1; s < runs; s++) {
                double c = churn(predictions[r], predictions[s]);
                churn[r][s] = c;
                churn[s][r] = c;
                sum += c;
                min = Math.min(min, c);
                max = Math.max(max, c);
                pairs++;
            }
        }
        int[] correctHistogram = new int[runs + 1];
        int[] majorityHistogram = new int[runs + 1];
        for (int i = 0; i < n; i++) {
            int correct = 0;
            for (int[] p : predictions) {
                if (p[i] == labels[i]) {
                    correct++;
                }
            }
            correctHistogram[correct]++;
            majorityHistogram[majorityCount(predictions, i)]++;
        }
        double share = n == 0 ? 0 : 1.0 / n;
        return new PredictionAgreement(churn, pairs == 0 ? 0 : sum / pairs, pairs == 0 ? 0 : min,
                pairs == 0 ? 0 : max, correctHistogram, majorityHistogram, correctHistogram[runs] * share,
                correctHistogram[0] * share, majorityHistogram[runs] * share);
    }

    /** Share of positions at which {@code a} and {@code b} differ. */
    public static double churn(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new KintsugiException("churn needs predictions of equal length, got " + a.length + " and " + b.length);
        }
        if (a.length == 0) {
            return 0;
        }
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differ++;
            }
        }
        return (double) differ / a.length;
    }

    /** How many runs predict the most frequent class for input {@code i}. */
    private static int majorityCount(int[][] predictions, int i) {
        int best = 0;
        for (int r = 0; r < predictions.length; r++) {
            int count = 0;
            for (int[] p : predictions) {
                if (p[i] == predictions[r][i]) {
                    count++;
                }
            }
            best = Math.max(best, count);
        }
        return best;
    }
}
