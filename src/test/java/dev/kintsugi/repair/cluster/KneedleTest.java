package dev.kintsugi.repair.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KneedleTest {
    @Test
    void findsTheElbowOfAConvexDecreasingCurve() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] y = {10, 5, 2, 1.5, 1.2, 1.0, 0.9, 0.8};
        assertThat(Kneedle.convexDecreasing(x, y)).hasValue(2);
    }

    @Test
    void aStraightLineHasNoKnee() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {5, 4, 3, 2, 1};
        assertThat(Kneedle.convexDecreasing(x, y)).isEmpty();
    }
}
