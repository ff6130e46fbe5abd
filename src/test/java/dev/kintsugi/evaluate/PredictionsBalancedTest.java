package dev.kintsugi.evaluate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-class recall and balanced accuracy, by which class-imbalance fixes are judged. */
class PredictionsBalancedTest {
    static Predictions of(int[] labels, int[] predicted) {
        float[] p = new float[labels.length * 2];
        for (int i = 0; i < labels.length; i++) {
            p[2 * i + predicted[i]] = 1;
        }
        return new Predictions("t", labels, predicted, p, 2);
    }

    @Test
    void balancedAccuracyRewardsTheRareClassThatPlainAccuracyIgnores() {
        int[] labels = new int[100];
        for (int i = 90; i < 100; i++) {
            labels[i] = 1;
        }
        Predictions majority = of(labels, new int[100]);
        int[] weighted = labels.clone();
        for (int i = 0; i < 15; i++) {
            weighted[i] = 1; // 15 majority samples lost
        }
        Predictions balanced = of(labels, weighted);
        assertThat(majority.accuracy()).isGreaterThan(balanced.accuracy());
        assertThat(majority.recall(1)).isZero();
        assertThat(majority.balancedAccuracy()).isCloseTo(0.5, within(1e-9));
        assertThat(balanced.balancedAccuracy()).isCloseTo((75.0 / 90 + 1) / 2, within(1e-9));
        assertThat(dev.kintsugi.diagnose.training.repair.FixCatalogue.fixesFor("class-imbalance")).isNotEmpty();
    }
}
