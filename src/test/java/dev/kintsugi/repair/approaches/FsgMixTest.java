package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FsgMixTest {
    @Test
    void mixesTrainingImagesWithSameClassFailures() {
        Dataset train = PlantedFailure.SPLITS.train();
        // failures: the first few class-0 and class-2 inputs of the repair split
        Dataset repair = PlantedFailure.SPLITS.repair();
        Dataset failures = repair.subset("failures", new int[] {0, 2, 3, 5});
        Dataset mixed = FsgMix.mix(train, failures, 200, 0.4, 9);
        assertThat(mixed.size()).isEqualTo(200);
        int strictlyBetween = 0;
        for (int m = 0; m < mixed.size(); m++) {
            float[] x = mixed.sample(m);
            boolean explained = false;
            boolean between = false;
            for (int t = 0; t < train.size() && !explained; t++) {
                if (train.label(t) != mixed.label(m)) {
                    continue;
                }
                for (int f = 0; f < failures.size() && !explained; f++) {
                    if (failures.label(f) != mixed.label(m)) {
                        continue;
                    }
                    double lambda = lambda(x, train.sample(t), failures.sample(f));
                    if (!Double.isNaN(lambda)) {
                        explained = true;
                        between = lambda > 1e-3 && lambda < 1 - 1e-3;
                    }
                }
            }
            assertThat(explained).as("mixed sample %d is λ·train + (1−λ)·failure of its class", m).isTrue();
            strictlyBetween += between ? 1 : 0;
        }
        // λ ~ Beta(0.4, 0.4): most draws are not within 1e-3 of 0 or 1
        assertThat(strictlyBetween).isGreaterThan(mixed.size() / 2);
    }

    /** The λ with x = λ·a + (1−λ)·f on every coordinate, or NaN. */
    private static double lambda(float[] x, float[] a, float[] f) {
        int j = 0;
        while (j < x.length && Math.abs(a[j] - f[j]) < 1e-3) {
            j++;
        }
        if (j == x.length) {
            return Double.NaN;
        }
        double lambda = (x[j] - f[j]) / (a[j] - f[j]);
        if (lambda < -1e-4 || lambda > 1 + 1e-4) {
            return Double.NaN;
        }
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(lambda * a[i] + (1 - lambda) * f[i] - x[i]) > 1e-4) {
                return Double.NaN;
            }
        }
        return lambda;
    }
}
