package dev.kintsugi.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PlateauTrackerTest {
    @Test
    void cutsTheRateByFactorAfterPatienceEpochsWithoutImprovementAndStartsCountingAgain() {
        PlateauTracker t = new PlateauTracker(0.1f);
        t.epochEnd(1.0);
        t.epochEnd(0.9); // improvement: best 0.9
        for (int i = 0; i < PlateauTracker.PATIENCE - 1; i++) {
            t.epochEnd(0.95);
        }
        assertThat(t.getNewValue(0)).isEqualTo(0.1f);
        t.epochEnd(0.9 - PlateauTracker.MIN_DELTA / 2); // not better by more than MIN_DELTA: the 5th flat epoch
        assertThat((double) t.getNewValue(123)).isCloseTo(0.1 * PlateauTracker.FACTOR, within(1e-7));
        for (int i = 0; i < PlateauTracker.PATIENCE - 1; i++) {
            t.epochEnd(Double.NaN);
        }
        assertThat((double) t.getNewValue(0)).isCloseTo(0.02, within(1e-7));
        t.epochEnd(Double.NaN);
        assertThat((double) t.getNewValue(0)).isCloseTo(0.004, within(1e-7));
    }

    @Test
    void aSteadilyImprovingLossKeepsTheRate() {
        PlateauTracker t = new PlateauTracker(0.5f);
        for (int i = 0; i < 20; i++) {
            t.epochEnd(1.0 - 0.01 * i);
        }
        assertThat(t.getNewValue(0)).isEqualTo(0.5f);
    }
}
