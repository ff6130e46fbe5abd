package dev.kintsugi.study.grid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IntervalTest {
    @Test
    void studentTIntervalOfThreeSeeds() {
        // mean 2, sd 1, n 3: half-width t(0.975, 2) * 1 / sqrt(3) = 4.302653 / 1.732051 = 2.484138 (by hand).
        Interval i = Interval.of(new double[] {1, 2, 3});
        assertThat(i.mean()).isEqualTo(2);
        assertThat(i.halfWidth()).isCloseTo(2.484138, within(1e-5));
        assertThat(Interval.of(new double[] {10, 11, 12}).above(i)).isTrue();
        assertThat(Interval.of(new double[] {4, 5, 6}).above(i)).isFalse();
        assertThat(Interval.of(new double[] {7}).above(i)).as("one value has no interval").isFalse();
    }
}
