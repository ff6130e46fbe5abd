package dev.kintsugi.diagnose.training.repair;

import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void defectsNeedOnlyNoLossWhilePoorProgressNeedsAGain() {
        assertThat(ValidationVerdict.ruleFor("slow-convergence")).isEqualTo(ValidationVerdict.Rule.IMPROVES);
        assertThat(ValidationVerdict.ruleFor("overfitting")).isEqualTo(ValidationVerdict.Rule.NOT_WORSE);
        assertThat(ValidationVerdict.ruleFor("output-loss-mismatch")).isEqualTo(ValidationVerdict.Rule.NOT_WORSE);
        // a defect's fix whose run still is not learning must show a gain
        assertThat(ValidationVerdict.ruleFor("dying-relu", List.of("vanishing-gradient", "not-converging")))
                .isEqualTo(ValidationVerdict.Rule.IMPROVES);
        assertThat(ValidationVerdict.ruleFor("dying-relu", List.of("activation-variance")))
                .isEqualTo(ValidationVerdict.Rule.NOT_WORSE);
        // overfitting cured by early stopping: loss down, accuracy 1.4 points lower on 1000 samples (within noise)
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.733, 0.96, 0.747, 1.08, 1000, true))
                .isTrue();
        // ... but 9 points lower is a real loss
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.655, 0.96, 0.747, 1.08, 1000, true))
                .isFalse();
        // a tie is not enough where the problem is poor progress, and enough where it is a defect
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.IMPROVES, 0.80, 0.45, 0.80, 0.45, 1000, true))
                .isFalse();
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.80, 0.45, 0.80, 0.45, 1000, true))
                .isTrue();
        // a loss well above the original's fails unless the losses are not comparable (the output head changed)
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.75, 0.64, 0.7875, 0.51, 80, true))
                .isFalse();
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.75, 0.64, 0.7875, 0.51, 80, false))
                .isTrue();
        // a NaN attempt never passes
        assertThat(ValidationVerdict.passes(ValidationVerdict.Rule.NOT_WORSE, 0.9, Double.NaN, 0.1, 2.0, 1000, true))
                .isFalse();
    }

    @Test
    void aStepNeedsAGainBeyondNoise() {
        // 48.75% -> 67.5% on 80 samples: beyond two standard errors (11 points)
        assertThat(ValidationVerdict.clearlyImproves(0.675, 0.64, 0.4875, 1.01, 80, true)).isTrue();
        // 2.5 points on 80 samples with a slightly lower loss: noise
        assertThat(ValidationVerdict.clearlyImproves(0.5125, 0.9995, 0.4875, 1.0102, 80, true)).isFalse();
        // loss halved on 1000 samples with accuracy held: a gain
        assertThat(ValidationVerdict.clearlyImproves(0.80, 0.30, 0.80, 0.60, 1000, true)).isTrue();
        // loss halved but 9 points of accuracy lost: not a gain
        assertThat(ValidationVerdict.clearlyImproves(0.71, 0.30, 0.80, 0.60, 1000, true)).isFalse();
    }
}
