package dev.kintsugi.diagnose.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceTest {
    @Test
    void learningRateAdvicePointsTowardsTheCustomaryRate() {
        assertThat(Evidence.learningRateAdvice("adam", 10)).startsWith("lower the learning rate (now 10.00");
        assertThat(Evidence.learningRateAdvice("adam", 1e-6)).startsWith("raise the learning rate");
        assertThat(Evidence.learningRateAdvice("sgd", 0.05)).startsWith("raise the learning rate")
                .contains("customary rate is 0.01000");
        assertThat(Evidence.learningRateAdvice("sgd", 1)).startsWith("lower");
    }

    @Test
    void medianIgnoresNaN() {
        assertThat(Evidence.median(new double[]{3, Double.NaN, 1, 2})).isEqualTo(2);
        assertThat(Evidence.median(new double[]{Double.NaN})).isNaN();
    }
}
