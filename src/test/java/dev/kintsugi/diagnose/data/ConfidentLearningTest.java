package dev.kintsugi.diagnose.data;

import dev.kintsugi.evaluate.Predictions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfidentLearningTest {
    /** Probabilities row by row, arg-max as the prediction. */
    static Predictions predictions(int[] labels, double[][] probabilities) {
        int k = probabilities[0].length;
        float[] flat = new float[labels.length * k];
        int[] predicted = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < k; c++) {
                flat[i * k + c] = (float) probabilities[i][c];
                if (probabilities[i][c] > probabilities[i][predicted[i]]) {
                    predicted[i] = c;
                }
            }
        }
        return new Predictions("hand-made", labels, predicted, flat, k);
    }

    // Samples 0-3 labelled 0, 4-7 labelled 1; sample 3 looks like class 1, sample 7 looks like class 0.
    static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1};
    static final double[][] P = {
            {0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}, {0.2, 0.8},
            {0.1, 0.9}, {0.3, 0.7}, {0.2, 0.8}, {0.9, 0.1}};

    @Test
    void thresholdsAreMeanSelfConfidencePerClass() {
        double[] t = ConfidentLearning.thresholds(predictions(LABELS, P));
        assertThat(t[0]).isCloseTo((0.9 + 0.8 + 0.7 + 0.2) / 4, within(1e-6));
        assertThat(t[1]).isCloseTo((0.9 + 0.7 + 0.8 + 0.1) / 4, within(1e-6));
    }

    @Test
    void confidentJointCountsSamplesAboveTheClassThreshold() {
        Predictions p = predictions(LABELS, P);
        // t0 = 0.65, t1 = 0.625. Labelled 0: samples 0,1,2 pass only t0 -> (0,0); sample 3 passes only t1 -> (0,1).
        // Labelled 1: 4,5,6 pass only t1 -> (1,1); sample 7 passes only t0 -> (1,0).
        int[][] joint = ConfidentLearning.confidentJoint(p, ConfidentLearning.thresholds(p));
        assertThat(joint).isEqualTo(new int[][] {{3, 1}, {1, 3}});
    }

    @Test
    void sampleBelowEveryThresholdIsNotCountedAndTiesGoToArgMax() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        double[][] p = {
                {0.8, 0.1, 0.1}, {0.4, 0.3, 0.3},   // t0 = 0.6: sample 1 passes nothing
                {0.1, 0.8, 0.1}, {0.1, 0.6, 0.3},   // t1 = 0.7
                {0.05, 0.05, 0.9}, {0.62, 0.0, 0.38}}; // t2 = 0.64; sample 5 passes t0 only -> (2, 0)
        Predictions pr = predictions(labels, p);
        int[][] joint = ConfidentLearning.confidentJoint(pr, ConfidentLearning.thresholds(pr));
        assertThat(joint).isEqualTo(new int[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 1}});
    }

    @Test
    void calibrationRescalesRowsToLabelCountsAndKeepsIntegers() {
        // Row 0 counts 3:1 but class 0 has 8 samples -> 6:2; row 1 has 2 counted of 4 labelled -> 2:2.
        int[][] calibrated = ConfidentLearning.calibrate(new int[][] {{3, 1}, {1, 1}}, new int[] {8, 4});
        assertThat(calibrated).isEqualTo(new int[][] {{6, 2}, {2, 2}});
        int[][] odd = ConfidentLearning.calibrate(new int[][] {{1, 1, 1}, {0, 2, 0}, {0, 0, 5}}, new int[] {10, 7, 5});
        assertThat(odd[0][0] + odd[0][1] + odd[0][2]).isEqualTo(10);
        assertThat(odd[1]).isEqualTo(new int[] {0, 7, 0});
    }

    @Test
    void roundingPreservesTheTotal() {
        assertThat(ConfidentLearning.roundPreservingSum(new double[] {1.5, 1.5, 1.0})).containsExactly(2, 1, 1);
        int[] r = ConfidentLearning.roundPreservingSum(new double[] {0.4, 0.4, 0.4, 0.8});
        assertThat(r[0] + r[1] + r[2] + r[3]).isEqualTo(2);
        assertThat(r[3]).isEqualTo(1);
    }

    @Test
    void flagsTheSwappedSamplesWithTheOtherClassSuggested() {
        ConfidentLearning.Result result = ConfidentLearning.findLabelIssues(predictions(LABELS, P));
        assertThat(result.suspects()).extracting(ConfidentLearning.Suspect::index).containsExactlyInAnyOrder(3, 7);
        // ranked by self-confidence: sample 7 (0.1) before sample 3 (0.2)
        assertThat(result.suspects().get(0).index()).isEqualTo(7);
        assertThat(result.suspects().get(0).suggestedLabel()).isEqualTo(0);
        assertThat(result.suspects().get(1).suggestedLabel()).isEqualTo(1);
        assertThat(result.estimatedNoiseRate()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void neverFlagsASampleWhoseArgMaxIsItsLabel() {
        // Every sample predicted as labelled, however unconfident: nothing to flag.
        int[] labels = {0, 0, 0, 1, 1, 1};
        double[][] p = {{0.9, 0.1}, {0.55, 0.45}, {0.51, 0.49}, {0.1, 0.9}, {0.45, 0.55}, {0.49, 0.51}};
        assertThat(ConfidentLearning.findLabelIssues(predictions(labels, p)).suspects()).isEmpty();
    }

    @Test
    void pruneByClassTakesTheLeastSelfConfidentWhereNoiseRateTakesTheLargestMargin() {
        int[] labels = {0, 0, 0, 0, 1, 1, 2, 2};
        double[][] p = {
                {0.9, 0.05, 0.05}, {0.8, 0.1, 0.1}, {0.3, 0.6, 0.1}, {0.25, 0.35, 0.4},
                {0.1, 0.8, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}, {0.1, 0.2, 0.7}};
        Predictions pr = predictions(labels, p);
        int[][] calibrated = {{3, 1, 0}, {0, 2, 0}, {0, 0, 2}};
        int[] counts = {4, 2, 2};
        // one sample labelled 0 is really 1: by noise rate, the largest p(1) - p(0) (sample 2) ...
        assertThat(flaggedIndices(ConfidentLearning.pruneByNoiseRate(pr, calibrated, counts))).containsExactly(2);
        // ... by class, the lowest p(0) (sample 3)
        assertThat(flaggedIndices(ConfidentLearning.pruneByClass(pr, calibrated, counts))).containsExactly(3);
    }

    @Test
    void bothFlagsASubsetOfNoiseRate() {
        Predictions pr = noisyThreeClasses(2.0);
        var nr = ConfidentLearning.findLabelIssues(pr, ConfidentLearning.Filter.PRUNE_BY_NOISE_RATE).suspects().stream()
                .map(ConfidentLearning.Suspect::index).toList();
        var both = ConfidentLearning.findLabelIssues(pr, ConfidentLearning.Filter.BOTH).suspects().stream()
                .map(ConfidentLearning.Suspect::index).toList();
        assertThat(nr).isNotEmpty().containsAll(both);
        assertThat(both).isNotEmpty();
    }

    @Test
    void everyFilterFlagsOnlyDisagreementsAndTheFiltersNestAsCleanlabs() {
        Predictions pr = noisyThreeClasses(1.0);
        java.util.Map<ConfidentLearning.Filter, java.util.List<Integer>> flagged = new java.util.EnumMap<>(
                ConfidentLearning.Filter.class);
        for (ConfidentLearning.Filter f : ConfidentLearning.Filter.values()) {
            flagged.put(f, ConfidentLearning.findLabelIssues(pr, f).suspects().stream()
                    .map(ConfidentLearning.Suspect::index).sorted().toList());
        }
        java.util.List<Integer> disagreements = java.util.stream.IntStream.range(0, pr.size())
                .filter(i -> pr.predicted(i) != pr.label(i)).boxed().toList();
        assertThat(flagged.get(ConfidentLearning.Filter.PREDICTED_NEQ_GIVEN)).isEqualTo(disagreements);
        for (ConfidentLearning.Filter f : ConfidentLearning.Filter.values()) {
            assertThat(disagreements).as(f.cliName()).containsAll(flagged.get(f));
            assertThat(flagged.get(f)).as(f.cliName()).isNotEmpty();
        }
        assertThat(flagged.get(ConfidentLearning.Filter.PRUNE_BY_CLASS))
                .containsAll(flagged.get(ConfidentLearning.Filter.BOTH));
        // confident-learning: exactly the disagreements that confidently pass another class's threshold
        double[] t = ConfidentLearning.thresholds(pr);
        java.util.List<Integer> offDiagonal = disagreements.stream()
                .filter(i -> ConfidentLearning.confidentGuess(pr, t, i) >= 0
                        && ConfidentLearning.confidentGuess(pr, t, i) != pr.label(i)).toList();
        assertThat(flagged.get(ConfidentLearning.Filter.CONFIDENT_LEARNING)).isEqualTo(offDiagonal)
                .hasSizeLessThan(disagreements.size());
    }

    @Test
    void filterNamesRoundTripAndUnknownNamesAreRejected() {
        for (ConfidentLearning.Filter f : ConfidentLearning.Filter.values()) {
            assertThat(ConfidentLearning.Filter.named(f.cliName())).isEqualTo(f);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfidentLearning.Filter.named("prune"))
                .isInstanceOf(dev.kintsugi.KintsugiException.class).hasMessageContaining("confident-learning");
    }

    /**
     * 300 samples of 3 classes; 15% look like a random class; soft, noisy probabilities in which the class a sample
     * looks like gets {@code boost} more before normalising (larger: more confident).
     */
    private static Predictions noisyThreeClasses(double boost) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int n = 300;
        int[] labels = new int[n];
        double[][] p = new double[n][3];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            int looksLike = r.nextDouble() < 0.15 ? r.nextInt(3) : labels[i];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                p[i][c] = r.nextDouble() + (c == looksLike ? boost : 0.0);
                sum += p[i][c];
            }
            for (int c = 0; c < 3; c++) {
                p[i][c] /= sum;
            }
        }
        return predictions(labels, p);
    }

    private static java.util.List<Integer> flaggedIndices(boolean[] flagged) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < flagged.length; i++) {
            if (flagged[i]) {
                out.add(i);
            }
        }
        return out;
    }
}
