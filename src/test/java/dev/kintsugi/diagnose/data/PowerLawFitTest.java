package dev.kintsugi.diagnose.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PowerLawFitTest {
    static final double[] N = {500, 1000, 2500, 5000, 10000};

    @Test
    void recoversKnownParametersFromExactPoints() {
        double[] acc = new double[N.length];
        for (int i = 0; i < N.length; i++) {
            acc[i] = 0.93 - 1.8 * Math.pow(N[i], -0.45);
        }
        PowerLawFit fit = PowerLawFit.fit(N, acc);
        assertThat(fit.model()).isEqualTo("a - b*n^-c");
        assertThat(fit.a()).isCloseTo(0.93, within(1e-3));
        assertThat(fit.b()).isCloseTo(1.8, within(0.05));
        assertThat(fit.c()).isCloseTo(0.45, within(0.01));
        double expectedGain = 1.8 * (Math.pow(10000, -0.45) - Math.pow(20000, -0.45));
        assertThat(fit.gainFromDoubling(10000)).isCloseTo(expectedGain, within(1e-4));
    }

    @Test
    void toleratesNoiseAcrossSeveralSeedsPerSize() {
        SplittableRandom r = new SplittableRandom(3);
        double[] n = new double[N.length * 3];
        double[] acc = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = N[i / 3];
            acc[i] = 0.9 - 2.5 * Math.pow(n[i], -0.5) + (r.nextDouble() - 0.5) * 0.002;
        }
        PowerLawFit fit = PowerLawFit.fit(n, acc);
        assertThat(fit.accuracy(20000)).isCloseTo(0.9 - 2.5 * Math.pow(20000, -0.5), within(0.01));
        assertThat(fit.gainFromDoubling(10000)).isPositive();
    }

    @Test
    void aFlatCurvePredictsNoGain() {
        double[] acc = {0.8, 0.8, 0.8, 0.8, 0.8};
        assertThat(PowerLawFit.fit(N, acc).gainFromDoubling(10000)).isCloseTo(0, within(0.002));
    }
}
