package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.ClassIndices;
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

    /**
     * Which samples to flag, cleanlab's {@code filter_by} options (all but the ranking-only ones drop samples
     * whose arg-max equals their given label, as cleanlab does):
     * <ul>
     *   <li>{@code prune-by-noise-rate} (cleanlab's default, the paper's PBNR): see the class comment;</li>
     *   <li>{@code prune-by-class} (PBC): for each label i, the {@code Σ_{j≠i} C̃[i][j]} samples labelled i with
     *       the lowest self-confidence;</li>
     *   <li>{@code both} (the paper's C+NR): flagged by prune-by-noise-rate <em>and</em> prune-by-class; fewer
     *       flags, higher precision;</li>
     *   <li>{@code confident-learning} (the paper's C_confusion): the samples counted off the diagonal of the
     *       (uncalibrated) confident joint, i.e. confidently above another class's threshold;</li>
     *   <li>{@code predicted-neq-given}: every sample whose arg-max differs from its label (the baseline).</li>
     * </ul>
     */
    public enum Filter {
        PRUNE_BY_NOISE_RATE("prune-by-noise-rate"), PRUNE_BY_CLASS("prune-by-class"), BOTH("both"),
        CONFIDENT_LEARNING("confident-learning"), PREDICTED_NEQ_GIVEN("predicted-neq-given");

        private final String cliName;

        Filter(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The command-line names, for help texts. */
        public static String names() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Filter::cliName).toList());
        }

        public static Filter named(String name) {
            for (Filter f : values()) {
                if (f.cliName.equals(name)) {
                    return f;
                }
            }
            throw new dev.kintsugi.KintsugiException("--filter must be one of " + names() + ", got " + name);
        }
    }

    public static Result findLabelIssues(Predictions p) {
        return findLabelIssues(p, Filter.PRUNE_BY_NOISE_RATE);
    }

    public static Result findLabelIssues(Predictions p, Filter filter) {
        int k = p.numClasses();
        int[] labels = p.labels();
        double[] thresholds = thresholds(p);
        int[][] joint = confidentJoint(p, thresholds);
        int[] counts = new int[k];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] calibrated = calibrate(joint, counts);
        boolean[] flagged = switch (filter) {
            case PRUNE_BY_NOISE_RATE -> pruneByNoiseRate(p, calibrated, counts);
            case PRUNE_BY_CLASS -> pruneByClass(p, calibrated, counts);
            case BOTH -> and(pruneByNoiseRate(p, calibrated, counts), pruneByClass(p, calibrated, counts));
            case CONFIDENT_LEARNING -> offDiagonal(p, thresholds);
            case PREDICTED_NEQ_GIVEN -> new boolean[labels.length];
        };
        for (int i = 0; i < labels.length; i++) {
            // cleanlab: a sample the model agrees with is never an issue; predicted-neq-given is exactly the rest
            flagged[i] = filter == Filter.PREDICTED_NEQ_GIVEN ? p.predicted(i) != labels[i]
                    : flagged[i] && p.predicted(i) != labels[i];
        }
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
            int guess = confidentGuess(p, thresholds, i);
            if (guess >= 0) {
                joint[p.label(i)][guess]++;
            }
        }
        for (int j = 0; j < k; j++) {
            joint[j][j] = Math.max(joint[j][j], 1);
        }
        return joint;
    }

    /**
     * The class sample i counts towards in the confident joint: the one class whose threshold it reaches,
     * the arg-max when several do, −1 when none does.
     */
    static int confidentGuess(Predictions p, double[] thresholds, int i) {
        int passing = 0;
        int firstPassing = -1;
        for (int j = 0; j < p.numClasses(); j++) {
            // cleanlab compares against t_j - 1e-6 so a sample exactly at the mean counts
            if (!Double.isNaN(thresholds[j]) && p.probability(i, j) >= thresholds[j] - 1e-6) {
                passing++;
                if (firstPassing < 0) {
                    firstPassing = j;
                }
            }
        }
        return passing == 0 ? -1 : passing > 1 ? p.predicted(i) : firstPassing;
    }

    /** cleanlab's confident_learning filter: samples counted off the diagonal of the confident joint. */
    public static boolean[] offDiagonal(Predictions p, double[] thresholds) {
        boolean[] flagged = new boolean[p.size()];
        for (int i = 0; i < p.size(); i++) {
            int guess = confidentGuess(p, thresholds, i);
            flagged[i] = guess >= 0 && guess != p.label(i);
        }
        return flagged;
    }

    private static boolean[] and(boolean[] a, boolean[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] &= b[i];
        }
        return a;
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

    /**
     * cleanlab's prune_by_class: for each label i, the {@code Σ_{j≠i} C̃[i][j]} samples labelled i with the
     * lowest self-confidence (ties at the cut included, as cleanlab's {@code <=} threshold does).
     */
    public static boolean[] pruneByClass(Predictions p, int[][] calibrated, int[] labelCounts) {
        int k = p.numClasses();
        boolean[] flagged = new boolean[p.size()];
        int[][] byClass = ClassIndices.byClass(p.labels(), k);
        for (int given = 0; given < k; given++) {
            int g = given;
            int[] members = byClass[given];
            int prune = Math.min(Arrays.stream(calibrated[given]).sum() - calibrated[given][given], members.length);
            if (labelCounts[given] <= 1 || prune <= 0) {
                continue;
            }
            double[] self = Arrays.stream(members).mapToDouble(i -> p.probability(i, g)).sorted().toArray();
            double cut = self[prune - 1];
            for (int i : members) {
                flagged[i] = p.probability(i, g) <= cut;
            }
        }
        return flagged;
    }

    /** cleanlab's prune_by_noise_rate on the calibrated joint; true marks a flagged sample. */
    public static boolean[] pruneByNoiseRate(Predictions p, int[][] calibrated, int[] labelCounts) {
        int k = p.numClasses();
        boolean[] flagged = new boolean[p.size()];
        int[][] byClass = ClassIndices.byClass(p.labels(), k);
        for (int given = 0; given < k; given++) {
            if (labelCounts[given] <= 1) {
                continue;
            }
            int g = given;
            int[] members = byClass[given];
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
