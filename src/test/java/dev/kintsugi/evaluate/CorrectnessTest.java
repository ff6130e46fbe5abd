package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import static dev.kintsugi.evaluate.PredictionsFixtures.predictions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CorrectnessTest {
    static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};

    @Test
    void tenSampleExampleMatchesHandComputedValues() {
        // original wrong at 7, 8, 9 -> ACC 7/10; fixed repairs 7 and 8, keeps 9 wrong, breaks 5 -> ACC 8/10.
        int[] original = {0, 1, 2, 0, 1, 2, 0, 2, 0, 1};
        int[] fixed = {0, 1, 2, 0, 1, 1, 0, 1, 2, 1};
        Correctness c = Correctness.of(predictions(3, LABELS, original), predictions(3, LABELS, fixed));
        assertThat(c.samples()).isEqualTo(10);
        assertThat(c.accuracyOriginal()).isCloseTo(0.7, within(1e-12));
        assertThat(c.accuracyFixed()).isCloseTo(0.8, within(1e-12));
        // ⇑ACC = (0.8 − 0.7) / 0.7 × 100 = 14.2857...
        assertThat(c.accuracyChange().percent()).isCloseTo(100.0 / 7, within(1e-9));
        assertThat(c.accuracyChangePoints()).isCloseTo(10.0, within(1e-9));
        // RR = 2 repaired / 3 failures; NFR = 1 negative flip / 10 samples.
        assertThat(c.repaired()).isEqualTo(2);
        assertThat(c.originalFailures()).isEqualTo(3);
        assertThat(c.repairRatePercent()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(c.repairRateNote()).isNull();
        assertThat(c.negativeFlips()).isEqualTo(1);
        assertThat(c.negativeFlipRatePercent()).isCloseTo(10.0, within(1e-12));
        assertThat(c.positiveFlips()).isEqualTo(2);
    }

    @Test
    void studyTableRelativeChangeIsReproduced() {
        // metrics.md: AP (99.06 − 97.90) / 97.90 = 1.18.
        assertThat(RelativeChange.increase(97.90, 99.06).percent()).isCloseTo(1.18, within(0.005));
    }

    @Test
    void noOriginalFailuresLeavesRepairRateUndefined() {
        int[] fixed = LABELS.clone();
        fixed[0] = 1;
        Correctness c = Correctness.of(predictions(3, LABELS, LABELS), predictions(3, LABELS, fixed));
        assertThat(c.originalFailures()).isZero();
        assertThat(c.repairRatePercent()).isNull();
        assertThat(c.repairRateNote()).isEqualTo(Correctness.NO_FAILURES);
        assertThat(c.negativeFlipRatePercent()).isCloseTo(10.0, within(1e-12));
        assertThat(c.accuracyChange().percent()).isCloseTo(-10.0, within(1e-9));
    }

    @Test
    void everyPredictionFlippedFromRightToWrong() {
        int[] wrong = new int[LABELS.length];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (LABELS[i] + 1) % 3;
        }
        Correctness c = Correctness.of(predictions(3, LABELS, LABELS), predictions(3, LABELS, wrong));
        assertThat(c.accuracyFixed()).isZero();
        assertThat(c.accuracyChange().percent()).isCloseTo(-100.0, within(1e-9));
        assertThat(c.negativeFlips()).isEqualTo(10);
        assertThat(c.negativeFlipRatePercent()).isCloseTo(100.0, within(1e-12));
        assertThat(c.repairRatePercent()).isNull();

        Correctness back = Correctness.of(predictions(3, LABELS, wrong), predictions(3, LABELS, LABELS));
        assertThat(back.repairRatePercent()).isCloseTo(100.0, within(1e-12));
        assertThat(back.negativeFlips()).isZero();
        assertThat(back.accuracyChange().percent()).isNull();
        assertThat(back.accuracyChange().note()).contains("original model's value is 0");
        assertThat(back.accuracyChangePoints()).isCloseTo(100.0, within(1e-12));
    }

    @Test
    void predictionsOverDifferentSamplesAreRejected() {
        int[] other = LABELS.clone();
        other[4] = 0;
        assertThatThrownBy(() -> Correctness.of(predictions(3, LABELS, LABELS), predictions(3, other, other)))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("sample 4");
        assertThatThrownBy(() -> Correctness.of(predictions(3, LABELS, LABELS),
                predictions(3, new int[] {0}, new int[] {0})))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("10 samples");
    }
}
