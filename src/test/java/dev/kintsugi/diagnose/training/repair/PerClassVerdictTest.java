package dev.kintsugi.diagnose.training.repair;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A class-weights fix is judged by balanced accuracy, not by plain accuracy on an imbalanced validation split. */
class PerClassVerdictTest {
    @Test
    void classImbalanceIsJudgedPerClass() {
        assertThat(ValidationVerdict.judgedPerClass("class-imbalance")).isTrue();
        assertThat(ValidationVerdict.judgedPerClass("overfitting")).isFalse();
        // 90/10 split: the majority-only model has accuracy 0.90 (balanced 0.50); the weighted one 0.85 (balanced 0.92)
        ValidationVerdict.Rule rule = ValidationVerdict.ruleFor("class-imbalance");
        assertThat(ValidationVerdict.passes(rule, 0.85, Double.NaN, 0.90, Double.NaN, 100, false)).isTrue();
        assertThat(ValidationVerdict.passes(rule, 0.92, Double.NaN, 0.50, Double.NaN, 100, false)).isTrue();
        // plain accuracy with the loss (what the repair compared before) undoes it when the mean loss rose
        assertThat(ValidationVerdict.passes(rule, 0.85, 0.45, 0.90, 0.30, 100, true)).isFalse();
    }
}
