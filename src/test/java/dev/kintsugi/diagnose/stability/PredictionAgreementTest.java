package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PredictionAgreementTest {
    // Four test inputs with labels 0, 1, 2, 0, three runs.
    static final int[] LABELS = {0, 1, 2, 0};
    static final int[][] PREDICTIONS = {
            {0, 1, 2, 1},   // wrong on input 3
            {0, 1, 1, 2},   // wrong on inputs 2 and 3
            {0, 2, 2, 1},   // wrong on inputs 1 and 3
    };

    @Test
    void churnIsTheShareOfInputsOnWhichTwoRunsDisagree() {
        assertThat(PredictionAgreement.churn(PREDICTIONS[0], PREDICTIONS[1])).isEqualTo(0.5);
        assertThat(PredictionAgreement.churn(PREDICTIONS[0], PREDICTIONS[2])).isEqualTo(0.25);
        assertThat(PredictionAgreement.churn(PREDICTIONS[1], PREDICTIONS[2])).isEqualTo(0.75);
        PredictionAgreement a = PredictionAgreement.of(PREDICTIONS, LABELS);
        assertThat(a.meanChurn()).isCloseTo((0.5 + 0.25 + 0.75) / 3, within(1e-12));
        assertThat(a.minChurn()).isEqualTo(0.25);
        assertThat(a.maxChurn()).isEqualTo(0.75);
        assertThat(a.churn()[1][2]).isEqualTo(0.75);
        assertThat(a.churn()[2][1]).isEqualTo(0.75);
        assertThat(a.churn()[0][0]).isZero();
    }

    @Test
    void perSampleCorrectnessAndMajorityAgreement() {
        PredictionAgreement a = PredictionAgreement.of(PREDICTIONS, LABELS);
        // Runs correct per input: 3, 2, 2, 0.
        assertThat(a.correctCountHistogram()).containsExactly(1, 0, 2, 1);
        // Majority size per input: 3 (all 0), 2 (1,1,2), 2 (2,1,2), 2 (1,2,1).
        assertThat(a.majorityCountHistogram()).containsExactly(0, 0, 3, 1);
        assertThat(a.alwaysCorrect()).isEqualTo(0.25);
        assertThat(a.alwaysWrong()).isEqualTo(0.25);
        assertThat(a.unanimous()).isEqualTo(0.25);
    }

    @Test
    void identicalRunsHaveNoChurnAndAllDisagreeingRunsHaveMajorityOne() {
        int[][] same = {{1, 2, 3}, {1, 2, 3}};
        PredictionAgreement a = PredictionAgreement.of(same, new int[] {1, 0, 3});
        assertThat(a.meanChurn()).isZero();
        assertThat(a.unanimous()).isEqualTo(1.0);
        int[][] scattered = {{0}, {1}, {2}};
        assertThat(PredictionAgreement.of(scattered, new int[] {0}).majorityCountHistogram()).containsExactly(0, 1, 0, 0);
    }

    @Test
    void runsMustCoverTheSameInputs() {
        assertThatThrownBy(() -> PredictionAgreement.of(new int[][] {{0, 1}, {0}}, new int[] {0, 1}))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("same 2 test inputs");
    }
}
