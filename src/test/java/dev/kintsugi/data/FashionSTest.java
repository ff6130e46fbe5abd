package dev.kintsugi.data;

import dev.kintsugi.evaluate.SensitiveGroups;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FashionSTest {
    private static Splits greyItems(int n) {
        return new Splits("bands", TestData.bands("bands/train", n, 28, 10, 1),
                TestData.bands("bands/valid", n, 28, 10, 2), TestData.bands("bands/repair", n, 28, 10, 3),
                TestData.bands("bands/test", n, 28, 10, 4));
    }

    private static boolean isGrey(Dataset d, int i) {
        float[] x = d.sample(i);
        int plane = 28 * 28;
        for (int p = 0; p < plane; p++) {
            if (x[p] != x[plane + p] || x[p] != x[2 * plane + p]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void trainIsNinetyFivePercentColourInTheFirstFiveClassesAndGreyInTheLast() {
        int n = 4000;
        Dataset train = FashionS.compose(greyItems(n), 2).train();
        String[] colour = train.attribute("colour");
        int[] colourCount = new int[2];
        int[] total = new int[2];
        for (int i = 0; i < n; i++) {
            int half = train.label(i) < 5 ? 0 : 1;
            total[half]++;
            boolean isColour = colour[i].equals(FashionS.COLOUR);
            colourCount[half] += isColour ? 1 : 0;
            // The attribute says what the pixels are.
            assertThat(isGrey(train, i)).isEqualTo(!isColour);
        }
        // Binomial(2000, 0.95): standard deviation 0.005.
        assertThat(colourCount[0] / (double) total[0]).isCloseTo(0.95, within(0.02));
        assertThat(colourCount[1] / (double) total[1]).isCloseTo(0.05, within(0.02));
        assertThat(train.sampleShape()).containsExactly(3, 28, 28);
    }

    @Test
    void testHoldsAGreyAndAColourCopyOfEveryImage() {
        Splits grey = greyItems(100);
        Splits s = FashionS.compose(grey, 2);

        for (Dataset paired : List.of(s.repair(), s.test())) {
            assertThat(paired.size()).isEqualTo(200);
            String[] colour = paired.attribute("colour");
            Dataset source = paired == s.test() ? grey.test() : grey.repair();
            for (int i = 0; i < 100; i++) {
                assertThat(colour[2 * i]).isEqualTo("grey");
                assertThat(colour[2 * i + 1]).isEqualTo("colour");
                assertThat(paired.label(2 * i)).isEqualTo(source.label(i)).isEqualTo(paired.label(2 * i + 1));
                assertThat(isGrey(paired, 2 * i)).isTrue();
                assertThat(isGrey(paired, 2 * i + 1)).isFalse();
                // Grey copy: the item itself in each channel; colour copy: the item times one tint per channel.
                float[] item = source.sample(i);
                float[] g = paired.sample(2 * i);
                float[] c = paired.sample(2 * i + 1);
                int brightest = 0;
                for (int p = 0; p < item.length; p++) {
                    assertThat(g[p]).isEqualTo(item[p]);
                    brightest = item[p] > item[brightest] ? p : brightest;
                }
                for (int ch = 0; ch < 3; ch++) {
                    float tint = c[ch * 784 + brightest] / item[brightest];
                    for (int p = 0; p < item.length; p++) {
                        assertThat(c[ch * 784 + p]).isCloseTo(item[p] * tint, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void colourIsASensitiveAttributeWithTwoEqualGroupsOnTest() {
        Dataset test = FashionS.compose(greyItems(50), 1).test();

        SensitiveGroups groups = SensitiveGroups.of(test, "colour", "colour");

        assertThat(groups.unprivileged()).isEqualTo("grey");
        int privileged = 0;
        int unprivileged = 0;
        boolean[] p = groups.privilegedMask();
        boolean[] u = groups.unprivilegedMask();
        for (int i = 0; i < test.size(); i++) {
            privileged += p[i] ? 1 : 0;
            unprivileged += u[i] ? 1 : 0;
        }
        assertThat(privileged).isEqualTo(50).isEqualTo(unprivileged);
    }

    @Test
    void deterministicUnderASeed() {
        Splits grey = greyItems(60);
        assertThat(FashionS.compose(grey, 9).train().checksum()).isEqualTo(FashionS.compose(grey, 9).train().checksum())
                .isNotEqualTo(FashionS.compose(grey, 10).train().checksum());
    }
}
