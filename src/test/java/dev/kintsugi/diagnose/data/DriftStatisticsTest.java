package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DriftStatisticsTest {

    @Test
    void psiOfDecilesMatchesTheFormula() {
        double[] reference = new double[100];
        for (int i = 0; i < 100; i++) {
            reference[i] = i;
        }
        assertThat(PopulationStabilityIndex.cutPoints(reference, 10)).containsExactly(9, 19, 29, 39, 49, 59, 69, 79, 89);
        assertThat(PopulationStabilityIndex.of(reference, reference, 10)).isZero();
        double[] current = new double[100];
        for (int i = 50; i < 100; i++) {
            current[i] = 99;
        }
        // Half in the first decile, half in the last, the eight middle ones empty (floored at 1e-4).
        double expected = 2 * (0.5 - 0.1) * Math.log(0.5 / 0.1) + 8 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertThat(PopulationStabilityIndex.of(reference, current, 10)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void psiMergesTiedCutPoints() {
        double[] binary = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        assertThat(PopulationStabilityIndex.cutPoints(binary, 10)).containsExactly(0, 1);
        double[] shifted = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
        double expected = (0.2 - 0.6) * Math.log(0.2 / 0.6) + (0.8 - 0.4) * Math.log(0.8 / 0.4);
        assertThat(PopulationStabilityIndex.of(binary, shifted, 10)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void benjaminiHochbergAndBonferroniMatchHandComputedValues() {
        double[] p = {0.01, 0.04, 0.03, 0.20};
        assertThat(MultipleTesting.benjaminiHochberg(p)).containsExactly(new double[]{0.04, 0.04 * 4 / 3, 0.04 * 4 / 3,
                0.2}, within(1e-12));
        assertThat(MultipleTesting.bonferroni(p)).containsExactly(new double[]{0.04, 0.16, 0.12, 0.8}, within(1e-12));
    }

    @Test
    void featureDriftFlagsTheShiftedFeatureOnly() {
        Dataset reference = TestData.blobs("ref", 400, 4, 2, 1);
        Dataset same = TestData.blobs("same", 400, 4, 2, 2);
        float[] x = same.featuresView().clone();
        for (int i = 0; i < same.size(); i++) {
            x[i * 4 + 2] += 1.0f;
        }
        var rows = FeatureDrift.compare(reference, same.withFeatures("shifted", x), 10);
        // Kolmogorov-Smirnov D of two identical samples is 0; of a sample and itself + 1 it is large.
        assertThat(rows.get(2).q()).isLessThan(1e-6);
        assertThat(rows.get(2).psi()).isGreaterThan(PopulationStabilityIndex.MAJOR);
        assertThat(rows.get(0).q()).isGreaterThan(0.05);
        assertThat(rows.get(0).psi()).isLessThan(PopulationStabilityIndex.MODERATE);
        assertThat(FeatureDrift.compare(reference, reference, 10).get(1).ks()).isZero();
    }

    @Test
    void mmdPValueIsSmallForAShiftAndLargeForTheSameDistribution() {
        float[] x = gaussian(150, 5, 0, 1);
        float[] same = gaussian(150, 5, 0, 2);
        float[] shifted = gaussian(150, 5, 0.8, 3);
        TwoSampleResult null0 = MaximumMeanDiscrepancy.test(x, same, 5, 200, 7);
        TwoSampleResult shift = MaximumMeanDiscrepancy.test(x, shifted, 5, 200, 7);
        assertThat(shift.pValue()).isLessThan(0.01);
        assertThat(null0.pValue()).isGreaterThan(0.05);
        assertThat(shift.statistic()).isGreaterThan(null0.statistic());
        assertThat(MaximumMeanDiscrepancy.test(x, shifted, 5, 200, 7)).isEqualTo(shift);
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertThat(DomainClassifierTest.auc(new double[]{0.1, 0.2, 0.3, 0.4}, 2)).isEqualTo(1.0);
        assertThat(DomainClassifierTest.auc(new double[]{0.3, 0.4, 0.1, 0.2}, 2)).isEqualTo(0.0);
        assertThat(DomainClassifierTest.auc(new double[]{0.5, 0.5, 0.5, 0.5}, 2)).isEqualTo(0.5);
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThatThrownBy(() -> DriftSettings.defaults().withAlpha(1.5)).isInstanceOf(KintsugiException.class)
                .hasMessage("alpha must lie in (0, 1), got 1.5");
        assertThatThrownBy(() -> DriftSettings.defaults().withImageMethod("ks")).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("auto, mmd, domain-classifier");
        assertThatThrownBy(() -> MaximumMeanDiscrepancy.test(new float[5], new float[10], 5, 10, 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("at least 2 samples");
    }

    static float[] gaussian(int n, int dims, double mean, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n * dims];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + r.nextGaussian());
        }
        return out;
    }
}
