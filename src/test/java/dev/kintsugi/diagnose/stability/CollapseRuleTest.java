package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.train.EpochStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollapseRuleTest {
    static final CollapseRule RULE = CollapseRule.defaults();
    static final int VALID = 6000;

    /** Epochs from (train loss, valid accuracy) pairs. */
    static List<EpochStats> history(double... lossThenAccuracy) {
        List<EpochStats> epochs = new ArrayList<>();
        for (int i = 0; i < lossThenAccuracy.length; i += 2) {
            epochs.add(new EpochStats(i / 2 + 1, lossThenAccuracy[i], 0.5, lossThenAccuracy[i] * 1.1,
                    lossThenAccuracy[i + 1], 1e-3, 1));
        }
        return epochs;
    }

    @Test
    void aHealthyRunDoesNotCollapse() {
        assertThat(RULE.detect(history(0.60, 0.80, 0.40, 0.85, 0.35, 0.86, 0.36, 0.855, 0.33, 0.87), VALID)).isEmpty();
    }

    @Test
    void aSuddenLossJumpCollapsesAtItsEpoch() {
        Optional<CollapseRule.Collapse> c = RULE.detect(history(0.60, 0.80, 0.40, 0.85, 0.35, 0.86, 0.90, 0.84,
                0.50, 0.85), VALID);
        assertThat(c).isPresent();
        assertThat(c.get().epoch()).isEqualTo(4);
        assertThat(c.get().kind()).isEqualTo("loss jump");
    }

    @Test
    void aLossThatOnlyWobblesNearZeroIsNoJump() {
        // 0.01 -> 0.03 is x3 but only +0.02, under the absolute floor.
        assertThat(RULE.detect(history(0.05, 0.98, 0.01, 0.99, 0.03, 0.99), VALID)).isEmpty();
    }

    @Test
    void anAccuracyDropOfTenPointsCollapsesButNineDoesNot() {
        Optional<CollapseRule.Collapse> c = RULE.detect(history(0.6, 0.80, 0.5, 0.85, 0.45, 0.74), VALID);
        assertThat(c).map(CollapseRule.Collapse::epoch).contains(3);
        assertThat(c).map(CollapseRule.Collapse::kind).contains("accuracy drop");
        assertThat(RULE.detect(history(0.6, 0.80, 0.5, 0.85, 0.45, 0.76), VALID)).isEmpty();
    }

    @Test
    void onASmallValidationSplitTheDropMustAlsoBeatSamplingNoise() {
        // 80 validation samples at 72.5%: 3 standard errors are about 15 points, so a 10.5-point drop is noise.
        List<EpochStats> h = history(0.9, 0.725, 0.55, 0.62, 0.47, 0.75);
        assertThat(RULE.detect(h, 80)).isEmpty();
        assertThat(RULE.detect(h, VALID)).isPresent();
        assertThat(RULE.detect(history(0.9, 0.725, 0.55, 0.50), 80)).isPresent();
    }

    @Test
    void aNonFiniteLossCollapses() {
        Optional<CollapseRule.Collapse> c = RULE.detect(history(0.6, 0.8, Double.NaN, 0.1), VALID);
        assertThat(c).map(CollapseRule.Collapse::kind).contains("non-finite loss");
        assertThat(c).map(CollapseRule.Collapse::epoch).contains(2);
    }

    @Test
    void thresholdsAreChecked() {
        assertThatThrownBy(() -> new CollapseRule(0.5, 0.05, 0.1)).isInstanceOf(KintsugiException.class);
        assertThatThrownBy(() -> new CollapseRule(1.5, 0.05, 0)).isInstanceOf(KintsugiException.class);
    }
}
