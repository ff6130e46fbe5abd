package dev.kintsugi.diagnose.training.repair;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationVerdictTest {
    @Test
    void betterAccuracyOrLossWithoutANoticeableLossElsewhere() {
        assertThat(ValidationVerdict.improves(0.85, 0.40, 0.80, 0.45, 1000)).isTrue();
        // same accuracy, clearly lower loss: improves
        assertThat(ValidationVerdict.improves(0.80, 0.30, 0.80, 0.60, 1000)).isTrue();
        // lower loss bought with 9 points of accuracy on 1000 samples: not an improvement
        assertThat(ValidationVerdict.improves(0.655, 0.40, 0.747, 0.90, 1000)).isFalse();
        // ... but 7.5 points on 80 samples is within the noise
        assertThat(ValidationVerdict.improves(0.725, 0.50, 0.80, 0.90, 80)).isTrue();
        // a tie on both is no improvement
        assertThat(ValidationVerdict.improves(0.80, 0.45, 0.80, 0.45, 1000)).isFalse();
        // anything finite beats a NaN original; a NaN attempt never wins
        assertThat(ValidationVerdict.improves(0.30, 1.2, 0.10, Double.NaN, 1000)).isTrue();
        assertThat(ValidationVerdict.improves(0.90, Double.NaN, 0.10, 2.0, 1000)).isFalse();
    }
}
