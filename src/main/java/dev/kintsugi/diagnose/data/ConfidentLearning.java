package dev.kintsugi.diagnose.data;

import dev.kintsugi.evaluate.Predictions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang &amp; Chuang 2021, "Confident Learning: Estimating Uncertainty in
 * Dataset Labels") on out-of-sample predicted probabilities, following cleanlab's defaults
 * ({@code find_label_issues(filter_by="prune_by_noise_rate")}):
 * <ol>
 *   <li>per-class thresholds {@code t_j} = mean self-confidence {@code p̂(j|x)} of the samples labelled j;</li>
 *   <li>the confident joint {@code C[i][j]}: a sample labelled i counts towards true class j if
 *       {@code p̂(j|x) ≥ t_j}; when several classes pass, the arg-max class; when none pass, it is not
 *       counted; every diagonal entry is at least 1;</li>
 *   <li>calibration: each row rescaled to the number of samples with that label, the whole matrix to the
 *       dataset size, then rounded preserving row totals (largest remainder);</li>
 *   <li>prune by noise rate: for each label i and each other class j, the {@code C̃[i][j]} samples labelled i
 *       with the largest margin {@code p̂(j|x) − p̂(i|x)} are flagged; classes with at most one sample are
 *       skipped, and samples whose arg-max equals their given label are never flagged.</li>
 * </ol>
 * Flagged samples are ranked by self-confidence {@code p̂(given|x)}, lowest first (cleanlab's
 * {@code self_confidence} ranking); the suggested label is the arg-max of the out-of-sample probabilities.
 * Differs from cleanlab only in two corner cases: cleanlab's {@code _keep_at_least_n_per_class} also
 * lowers off-diagonal counts when it raises a diagonal count to 1 (here the diagonal is only raised), and
 * its rounding picks which entries to adjust by a slightly different order.
 */
public final class ConfidentLearning {
    private ConfidentLearning() {
    }

    /** A likely mislabelled sample: its index, given label, suggested label and the evidence. */
    public record Suspect(int index, int givenLabel, int suggestedLabel, double selfConfidence,
                          double suggestedConfidence) {
    }

    /** Everything the method computed, for the report. */
    public record Result(double[] thresholds, int[][] confidentJoint, int[][] calibratedJoint,
                         double estimatedNoiseRate, List<Suspect> suspects) {
    }

    public static Result findLabelIssues(Predictions p) {
        int k = p.numClasses();
        int[] labels = p.labels();
        double[] thresholds = thresholds(p);
        int[][] joint = confidentJoint(p, thresholds);
        int[] counts = new int[k];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] calibrated = calibrate(joint, counts);
        boolean[] flagged = pruneByNoiseRate(p, calibrated, counts);
        List<Suspect> suspects = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (flagged[i]) {
                int suggested = p.predicted(i);
                suspects.add(new Suspect(i, labels[i], suggested, p.probability(i, labels[i]),
                        p.probability(i, suggested)));
            }
        }
        suspects.sort(Comparator.comparingDouble(Suspect::selfConfidence).thenComparingInt(Suspect::index));
        long total = 0;
        long offDiagonal = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                total += calibrated[i][j];
                offDiagonal += i == j ? 0 : calibrated[i][j];
            }
        }
        return new Result(thresholds, joint, calibrated, total == 0 ? 0 : (double) offDiagonal / total, suspects);
    }

    /** {@code t_j}: the mean of {@code p̂(j|x)} over samples labelled j (NaN for a class without samples). */
    public static double[] thresholds(Predictions p) {
        int k = p.numClasses();
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < p.size(); i++) {
            int l = p.label(i);
            sum[l] += p.probability(i, l);
            count[l]++;
        }
        double[] t = new double[k];
        for (int j = 0; j < k; j++) {
            t[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];
        }
        return t;
    }

    /** {@code C[given][true]}, uncalibrated, diagonal at least 1. */
    public static int[][] confidentJoint(Predictions p, double[] thresholds) {
        int k = p.numClasses();
        int[][] joint = new int[k][k];
        for (int i = 0; i < p.size(); i++) {
            int passing = 0;
            int firstPassing = -1;
            for (int j = 0; j < k; j++) {
                // cleanlab compares against t_j - 1e-6 so a sample exactly at the mean counts
                if (!Double.isNaN(thresholds[j]) && p.probability(i, j) >= thresholds[j] - 1e-6) {
                    passing++;
                    if (firstPassing < 0) {
                        firstPassing = j;
                    }
                }
            }
            if (passing > 0) {
                int guess = passing > 1 ? p.predicted(i) : firstPassing;
                joint[p.label(i)][guess]++;
            }
        }
        for (int j = 0; j < k; j++) {
            joint[j][j] = Math.max(joint[j][j], 1);
        }
        return joint;
    }

    /** Rows rescaled to the label counts, the matrix to their total, rounded preserving each row's total. */
    public static int[][] calibrate(int[][] joint, int[] labelCounts) {
        int k = joint.length;
        double[][] scaled = new double[k][k];
        double sum = 0;
        long n = Arrays.stream(labelCounts).asLongStream().sum();
        for (int i = 0; i < k; i++) {
            long row = Arrays.stream(joint[i]).asLongStream().sum();
            for (int j = 0; j < k; j++) {
                scaled[i][j] = row == 0 ? 0 : (double) joint[i][j] / row * labelCounts[i];
                sum += scaled[i][j];
            }
        }
        int[][] calibrated = new int[k][];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                scaled[i][j] = sum == 0 ? 0 : scaled[i][j] / sum * n;
            }
            calibrated[i] = roundPreservingSum(scaled[i]);
        }
        return calibrated;
    }

    /** Rounds each value so the integers add up to the rounded total: largest remainders go up first. */
    static int[] roundPreservingSum(double[] values) {
        int[] ints = new int[values.length];
        double total = 0;
        long intTotal = 0;
        for (int j = 0; j < values.length; j++) {
            ints[j] = (int) Math.round(values[j]);
            total += values[j];
            intTotal += ints[j];
        }
        long diff = Math.round(total) - intTotal;
        Integer[] order = new Integer[values.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        // residual value - int: the most under-rounded entries gain first, the most over-rounded lose first
        Arrays.sort(order, Comparator.comparingDouble(j -> -(values[j] - ints[j])));
        for (int step = 0; diff != 0 && step < 4 * values.length; step++) {
            int j = diff > 0 ? order[step % order.length] : order[order.length - 1 - step % order.length];
            if (diff < 0 && ints[j] == 0) {
                continue;
            }
            ints[j] += diff > 0 ? 1 : -1;
            diff += diff > 0 ? -1 : 1;
        }
        return ints;
    }

    /** cleanlab's prune_by_noise_rate on the calibrated joint; true marks a flagged sample. */
    public static boolean[] pruneByNoiseRate(Predictions p, int[][] calibrated, int[] labelCounts) {
        int k = p.numClasses();
        boolean[] flagged = new boolean[p.size()];
        for (int given = 0; given < k; given++) {
            if (labelCounts[given] <= 1) {
                continue;
            }
            int g = given;
            int[] members = java.util.stream.IntStream.range(0, p.size()).filter(i -> p.label(i) == g).toArray();
            for (int j = 0; j < k; j++) {
                int prune = Math.min(calibrated[given][j], members.length);
                if (j == given || prune <= 0) {
                    continue;
                }
                int jj = j;
                Integer[] byMargin = Arrays.stream(members).boxed().toArray(Integer[]::new);
                Arrays.sort(byMargin, Comparator.comparingDouble(
                        (Integer i) -> p.probability(i, jj) - p.probability(i, g)).reversed());
                for (int r = 0; r < prune; r++) {
                    flagged[byMargin[r]] = true;
                }
            }
        }
        for (int i = 0; i < flagged.length; i++) {
            if (p.predicted(i) == p.label(i)) {
                flagged[i] = false;
            }
        }
        return flagged;
    }
}
