package dev.kintsugi.repair.localize;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegressionLocalisationWideningTest {

    /**
     * A 100-value kernel whose diffNorm is 0.034 / (0.034 + 1.666) = 0.02 (the second array, FI-less, takes the
     * rest), so k = 2 at rate 1, 4 at rate 2. Top-2 diff {0, 1}, FI {2, 3}, grad {3, 6}: nothing in common.
     * Top-4 diff {0..3}, FI {2..5}, grad {3, 6, 7, 8}: weight 3.
     */
    static List<RegressionLocalisation.ArrayScores> arrays() {
        double[] diff = new double[100];
        diff[0] = 1.0;
        diff[1] = 0.9;
        diff[2] = 0.8;
        diff[3] = 0.7;
        double[] fi = filled(100, 0.01);
        fi[2] = 0.9;
        fi[3] = 0.8;
        fi[4] = 0.7;
        fi[5] = 0.6;
        double[] grad = filled(100, 0.01);
        grad[3] = 0.9;
        grad[6] = 0.8;
        grad[7] = 0.7;
        grad[8] = 0.6;
        return List.of(new RegressionLocalisation.ArrayScores(diff, grad, null, fi, null),
                new RegressionLocalisation.ArrayScores(filled(100, 1.666), filled(100, 1), null, null, null));
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void theRateDoublesOnlyWhileNothingIsSelectedAndNotPastTheMaximum() {
        RegressionLocalisation.Widened strict = RegressionLocalisation.selectWidening(arrays(), 1, 1);
        assertThat(strict.reductionRate()).isEqualTo(1);
        assertThat(strict.selections().get(0).k()).isEqualTo(2);
        assertThat(strict.selectedCount()).isZero();

        RegressionLocalisation.Widened widened = RegressionLocalisation.selectWidening(arrays(), 1, 8);
        assertThat(widened.reductionRate()).isEqualTo(2);
        assertThat(widened.selections().get(0).k()).isEqualTo(4);
        assertThat(widened.selections().get(0).selected()).containsExactly(3);
        assertThat(widened.selections().get(1).selected()).isEmpty();

        assertThat(RegressionLocalisation.selectWidening(arrays(), 1, 1.9).reductionRate()).isEqualTo(1);
        // a rate that already selects is kept, even with room to widen
        assertThat(RegressionLocalisation.selectWidening(arrays(), 2, 8).reductionRate()).isEqualTo(2);
    }

    @Test
    void theGradientOfTheSummedProbabilitiesIsZeroUpToRoundingAndASoftmaxModelIsNotSoftmaxedTwice() {
        Dataset data = TestData.blobs("blobs", 64, 6, 3, 5);
        try (Network logits = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), data), 3);
             Network softmax = Network.create(TestData.spec("mlp", Map.of("hidden", "8", "output", "softmax"), data), 3)) {
            Map<String, double[]> ofLogits = OutputGradients.of(logits, data, OutputGradients.Of.LOGITS);
            Map<String, double[]> ofProbabilities = OutputGradients.of(logits, data, OutputGradients.Of.PROBABILITIES);
            assertThat(ofProbabilities.keySet()).isEqualTo(ofLogits.keySet());
            double largest = ofLogits.values().stream().flatMapToDouble(Arrays::stream).max().orElseThrow();
            assertThat(largest).isGreaterThan(1e-2);
            assertThat(ofProbabilities.values().stream().flatMapToDouble(Arrays::stream).max().orElseThrow())
                    .isLessThan(1e-4 * largest);
            // output=softmax: the model's outputs are the probabilities already
            Map<String, double[]> a = OutputGradients.of(softmax, data, OutputGradients.Of.PROBABILITIES);
            Map<String, double[]> b = OutputGradients.of(softmax, data, OutputGradients.Of.LOGITS);
            a.forEach((k, v) -> assertThat(v).as(k).containsExactly(b.get(k)));
        }
    }
}
