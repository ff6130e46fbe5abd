package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kintsugi.evaluate.PredictionsFixtures.predictions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FairnessTest {

    /*
     * Three classes. Group a (privileged, 4 samples): labels 0 0 1 2, predicted 0 1 1 2.
     *   TPR: c0 1/2, c1 1/1, c2 1/1.   FPR: c0 0/2, c1 1/3, c2 0/3.
     * Group b (3 samples, no class 2): labels 0 1 1, predicted 1 1 0.
     *   TPR: c0 0/1, c1 1/2, c2 0 (no positives: 0 by definition).   FPR: c0 1/2, c1 1/1, c2 0/3.
     * mean |ΔTPR| = (1/2 + 1/2 + 1) / 3 = 2/3;  mean |ΔFPR| = (1/2 + 2/3 + 0) / 3 = 7/18.
     * AAOD = 0.5 × (2/3 + 7/18) = 19/36.
     */
    static final int[] LABELS = {0, 0, 1, 2, 0, 1, 1};
    static final int[] PREDICTED = {0, 1, 1, 2, 1, 1, 0};
    static final String[] GROUP = {"a", "a", "a", "a", "b", "b", "b"};

    @Test
    void aaodOnAHandMadeThreeClassExample() {
        Fairness f = Fairness.of(predictions(3, LABELS, PREDICTED), SensitiveGroups.of("g", GROUP, "a", null));
        assertThat(f.privileged().group()).isEqualTo("a");
        assertThat(f.unprivileged().group()).isEqualTo("b");
        assertThat(f.privileged().samples()).isEqualTo(4);
        assertThat(f.unprivileged().samples()).isEqualTo(3);
        assertThat(f.privileged().accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(f.unprivileged().accuracy()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(f.privileged().truePositiveRates()).containsExactly(0.5, 1.0, 1.0);
        assertThat(f.privileged().falsePositiveRates()[1]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(f.unprivileged().truePositiveRates()).containsExactly(0.0, 0.5, 0.0);
        assertThat(f.unprivileged().falsePositiveRates()).containsExactly(0.5, 1.0, 0.0);
        assertThat(f.aaod()).isCloseTo(19.0 / 36, within(1e-12));
        assertThat(f.aaodNote()).isNull();
        assertThat(f.binary()).isNull();
        // AAOD is symmetric in the groups.
        Fairness swapped = Fairness.of(predictions(3, LABELS, PREDICTED), SensitiveGroups.of("g", GROUP, "b", null));
        assertThat(swapped.aaod()).isCloseTo(19.0 / 36, within(1e-12));
    }

    @Test
    void aaodImprovementIsRelative() {
        Fairness original = Fairness.of(predictions(3, LABELS, PREDICTED), SensitiveGroups.of("g", GROUP, "a", null));
        Fairness perfect = Fairness.of(predictions(3, LABELS, LABELS), SensitiveGroups.of("g", GROUP, "a", null));
        // A perfect classifier has equal rates in both groups except where a class is absent from one:
        // c2's TPR is 1 in a and 0 in b, so AAOD = 0.5 × (1/3 + 0) = 1/6.
        assertThat(perfect.aaod()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(Fairness.aaodImprovement(original, perfect).percent())
                .isCloseTo((19.0 / 36 - 1.0 / 6) / (19.0 / 36) * 100, within(1e-9));
        assertThat(Fairness.aaodImprovement(perfect, perfect).percent()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void emptyGroupGivesUndefinedResultsNotACrash() {
        String[] allOld = {"old", "old", "old", "old"};
        int[] labels = {0, 1, 0, 1};
        SensitiveGroups g = SensitiveGroups.of("age-group", allOld, "old", "young");
        Fairness f = Fairness.of(predictions(2, labels, labels), g, 0);
        assertThat(f.unprivileged().samples()).isZero();
        assertThat(f.unprivileged().accuracy()).isNull();
        assertThat(f.aaod()).isNull();
        assertThat(f.aaodNote()).contains("'young' has no samples");
        assertThat(f.binary().statisticalParityDifference()).isNull();
        assertThat(f.binary().disparateImpact()).isNull();
        assertThat(f.binary().equalOpportunityDifference()).isNull();
        assertThat(f.binary().notes()).hasSize(2);
        assertThat(Fairness.aaodImprovement(f, f).percent()).isNull();
    }

    @Test
    void moreThanTwoGroupsAreRejectedUnlessMapped() {
        String[] race = {"white", "black", "asian", "white"};
        assertThatThrownBy(() -> SensitiveGroups.of("race", race, null, null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("[asian, black, white]");
        var data = new dev.kintsugi.data.Dataset("d", new int[] {1}, new float[4], new int[4],
                java.util.List.of("x"), Map.of("race", race));
        SensitiveGroups g = SensitiveGroups.mapped(data, "race",
                Map.of("white", "white", "black", "non-white", "asian", "non-white"), "white", null);
        assertThat(g.unprivileged()).isEqualTo("non-white");
        assertThat(g.privilegedMask()).containsExactly(true, false, false, true);
    }

    @Test
    void privilegedDefaultsToTheLargerGroup() {
        assertThat(SensitiveGroups.of("sex", new String[] {"f", "m", "m"}, null, null).privileged()).isEqualTo("m");
        assertThat(SensitiveGroups.of("sex", new String[] {"m", "f"}, null, null).privileged()).isEqualTo("f");
    }

    /*
     * Binary, favourable class 0 ("good" in German Credit).
     * old (privileged, 5): labels 0 0 0 1 1, predicted 0 0 1 0 1 -> P(ŷ=0) = 3/5, TPR(0) = 2/3.
     * young (4):           labels 0 0 1 1,   predicted 0 1 1 1   -> P(ŷ=0) = 1/4, TPR(0) = 1/2.
     * SPD = 1/4 − 3/5 = −0.35; DI = (1/4) / (3/5) = 5/12; EOD = 1/2 − 2/3 = −1/6.
     * AIF360's signs: negative difference / ratio below 1 = the unprivileged group gets the favourable
     * outcome less often.
     */
    @Test
    void binaryMetricsFollowAif360Signs() {
        int[] labels = {0, 0, 0, 1, 1, 0, 0, 1, 1};
        int[] predicted = {0, 0, 1, 0, 1, 0, 1, 1, 1};
        String[] age = {"old", "old", "old", "old", "old", "young", "young", "young", "young"};
        Fairness f = Fairness.of(predictions(2, labels, predicted), SensitiveGroups.of("age-group", age, "old", null), 0);
        BinaryFairness b = f.binary();
        assertThat(b.favourableClass()).isZero();
        assertThat(b.statisticalParityDifference()).isCloseTo(-0.35, within(1e-12));
        assertThat(b.disparateImpact()).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(b.equalOpportunityDifference()).isCloseTo(-1.0 / 6, within(1e-12));
        assertThat(b.notes()).isEmpty();
        // Favouring class 1 instead: P(ŷ=1) is 2/5 (old) and 3/4 (young).
        BinaryFairness other = Fairness.of(predictions(2, labels, predicted),
                SensitiveGroups.of("age-group", age, "old", null), 1).binary();
        assertThat(other.statisticalParityDifference()).isCloseTo(0.35, within(1e-12));
        assertThat(other.disparateImpact()).isCloseTo(0.75 / 0.4, within(1e-12));
    }

    @Test
    void disparateImpactUndefinedWhenPrivilegedNeverFavoured() {
        int[] labels = {0, 1, 0, 1};
        int[] predicted = {1, 1, 0, 1};
        String[] sex = {"male", "male", "female", "female"};
        BinaryFairness b = Fairness.of(predictions(2, labels, predicted),
                SensitiveGroups.of("sex", sex, "male", null), 0).binary();
        assertThat(b.statisticalParityDifference()).isCloseTo(0.5, within(1e-12));
        assertThat(b.disparateImpact()).isNull();
        assertThat(b.notes()).anySatisfy(n -> assertThat(n).contains("disparate impact undefined"));
    }

    @Test
    void binaryMetricsNeedATwoClassTask() {
        assertThatThrownBy(() -> Fairness.of(predictions(3, LABELS, PREDICTED),
                SensitiveGroups.of("g", GROUP, "a", null), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("3 classes");
    }
}
