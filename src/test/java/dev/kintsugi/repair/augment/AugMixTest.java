package dev.kintsugi.repair.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** AugMix's operations on known inputs (PIL's lookup-table rules worked by hand) and its mixing. */
class AugMixTest {
    @Test
    void levelOperationsFollowPilsLookupTables() {
        int[] h = new int[256];
        h[50] = 3;
        h[150] = 1;
        int[] ac = AugMix.autocontrastLut(h);
        assertThat(ac[50]).isZero();
        assertThat(ac[150]).isEqualTo(255);
        assertThat(ac[100]).isEqualTo(127);

        // 300 pixels at 10, 300 at 20, 400 at 200: step = (1000 - 400) // 255 = 2
        int[] e = new int[256];
        e[10] = 300;
        e[20] = 300;
        e[200] = 400;
        int[] eq = AugMix.equalizeLut(e);
        assertThat(new int[] {eq[10], eq[20], eq[200]}).containsExactly(0, 150, 255);
        int[] single = new int[256];
        single[7] = 9;
        assertThat(AugMix.equalizeLut(single)[7]).as("one level: unchanged").isEqualTo(7);

        assertThat(AugMix.solarizeLut(128)[100]).isEqualTo(100);
        assertThat(AugMix.solarizeLut(128)[200]).isEqualTo(55);
        assertThat(AugMix.posterizeLut(3)[255]).isEqualTo(224);
        assertThat(AugMix.posterizeLut(3)[37]).isEqualTo(32);
    }

    @Test
    void affineTranslationShiftsAndFillsWithZero() {
        int[] shape = {1, 2, 4};
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] out = AugMix.affine(x, shape, new double[] {1, 0, 2, 0, 1, 0});
        assertThat(out).containsExactly(new float[] {3, 4, 0, 0, 7, 8, 0, 0}, within(1e-6f));
        float[] shear = AugMix.affine(x, shape, new double[] {1, 0, 0, 0, 1, 0});
        assertThat(shear).containsExactly(x, within(1e-6f));
    }

    @Test
    void everyOperationKeepsAnImageInRangeAndTheShape() {
        int[] shape = {2, 6, 6};
        float[] x = new float[72];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (String op : AugMix.OPERATIONS) {
            float[] y = AugMix.apply(op, x, shape, 3, new SplittableRandom(7));
            assertThat(y).as(op).hasSize(x.length);
            for (float v : y) {
                assertThat(v).as(op).isBetween(0f, 1f);
            }
        }
        float[] solarized = AugMix.apply("solarize", x, shape, 3, new SplittableRandom(7));
        assertThat(solarized).as("solarize changes the bright pixels").isNotEqualTo(x);
    }

    @Test
    void mixingIsConvexBetweenTheInputAndItsChains() {
        float[] x = {0, 1, 2, 3};
        assertThat(AugMix.isImage(new int[] {4})).isFalse();
        assertThat(AugMix.mix(x, new int[] {4}, 3, 3, null, new SplittableRandom(1)))
                .as("flat input, no style: every chain is the identity").containsExactly(x, within(1e-6f));
        float[] styled = {4, 5, 6, 7};
        SplittableRandom r = new SplittableRandom(2);
        double previous = -1;
        boolean varies = false;
        for (int t = 0; t < 5; t++) {
            float[] m = AugMix.mix(x, new int[] {4}, 1, 3, styled, r);
            double lambda = m[0] / 4.0;
            for (int j = 0; j < 4; j++) {
                assertThat((double) m[j]).isCloseTo(x[j] + lambda * 4, within(1e-5));
            }
            varies |= previous >= 0 && Math.abs(previous - lambda) > 1e-6;
            previous = lambda;
        }
        assertThat(varies).as("the mixing weight m ~ Beta(1, 1) is drawn anew").isTrue();
        double[] w = AugMix.dirichletOnes(3, new SplittableRandom(5));
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1, within(1e-12));
    }
}
