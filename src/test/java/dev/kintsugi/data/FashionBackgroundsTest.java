package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FashionBackgroundsTest {
    /** Grey 28x28 "items" (bands) standing in for Fashion-MNIST, ten classes. */
    private static Splits greyItems(int n) {
        return new Splits("bands", TestData.bands("bands/train", n, 28, 10, 1),
                TestData.bands("bands/valid", n, 28, 10, 2), TestData.bands("bands/repair", n, 28, 10, 3),
                TestData.bands("bands/test", n, 28, 10, 4));
    }

    @Test
    void colourImagesInTheUnitRangeWithABackgroundPerSample() {
        Splits s = FashionBackgrounds.compose(greyItems(200), 7);

        for (Dataset d : List.of(s.train(), s.valid(), s.repair(), s.test())) {
            assertThat(d.sampleShape()).containsExactly(3, 28, 28);
            assertThat(d.attribute("background")).hasSize(d.size()).allMatch(Background.labels()::contains);
            float[] x = d.featuresView();
            for (float v : x) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
        assertThat(s.train().name()).isEqualTo("fashion-bg/train");
        assertThat(s.train().labels()).isEqualTo(TestData.bands("b", 200, 28, 10, 1).labels());
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        Splits grey = greyItems(50);
        Dataset a = FashionBackgrounds.compose(grey, 3).test();
        Dataset b = FashionBackgrounds.compose(grey, 3).test();
        Dataset c = FashionBackgrounds.compose(grey, 4).test();

        assertThat(a.checksum()).isEqualTo(b.checksum());
        assertThat(a.checksum()).isNotEqualTo(c.checksum());
    }

    @Test
    void trainShowsEachClassOnItsCommonBackgroundNineTimesInTen() {
        int n = 4000;
        Dataset train = FashionBackgrounds.compose(greyItems(n), 11).train();
        String[] bg = train.attribute("background");
        int common = 0;
        Map<String, Integer> others = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String expected = FashionBackgrounds.commonBackground(train.label(i)).label();
            if (bg[i].equals(expected)) {
                common++;
            } else if (train.label(i) == 0) {
                others.merge(bg[i], 1, Integer::sum);
            }
        }
        // Binomial(4000, 0.9): standard deviation 0.0047, so 0.02 is over four of them.
        assertThat(common / (double) n).isCloseTo(0.9, within(0.02));
        assertThat(others).doesNotContainKey(FashionBackgrounds.commonBackground(0).label()).hasSize(9);
    }

    @Test
    void testBackgroundsAreUniform() {
        int n = 5000;
        Dataset test = FashionBackgrounds.compose(greyItems(n), 5).test();
        Map<String, Integer> counts = new HashMap<>();
        Arrays.stream(test.attribute("background")).forEach(b -> counts.merge(b, 1, Integer::sum));
        assertThat(counts).hasSize(10);
        // Chi-square with 9 degrees of freedom; 27.88 is its 0.999 quantile.
        double chi2 = counts.values().stream().mapToDouble(c -> Math.pow(c - n / 10.0, 2) / (n / 10.0)).sum();
        assertThat(chi2).isLessThan(27.88);
        // And the class does not predict the background: class 0's common background is no more frequent there.
        int class0 = 0;
        int class0Common = 0;
        String[] bg = test.attribute("background");
        for (int i = 0; i < n; i++) {
            if (test.label(i) == 0) {
                class0++;
                class0Common += bg[i].equals(FashionBackgrounds.commonBackground(0).label()) ? 1 : 0;
            }
        }
        assertThat(class0Common / (double) class0).isLessThan(0.2);
    }

    @Test
    void realFashionBgIsFashionMnistsSplitInColour() {
        dev.kintsugi.testing.Resources.require(FashionMnist.isIdxDirectory(FashionMnist.SYSTEM_DIR), "Fashion-MNIST is not installed");

        Splits s = DatasetResolver.resolve("fashion-bg", 0);

        assertThat(s.train().size()).isEqualTo(54_000);
        assertThat(s.test().size()).isEqualTo(5_000);
        assertThat(s.test().sampleShape()).containsExactly(3, 28, 28);
        assertThat(s.train().classCounts()).containsOnly(5_400);
        assertThat(s.train().classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        String[] bg = s.train().attribute("background");
        int common = 0;
        for (int i = 0; i < bg.length; i++) {
            common += bg[i].equals(FashionBackgrounds.commonBackground(s.train().label(i)).label()) ? 1 : 0;
        }
        // Binomial(54000, 0.9): standard deviation 0.0013.
        assertThat(common / (double) bg.length).isCloseTo(0.9, within(0.006));
    }

    @Test
    void refusesItemsThatAreNotGrey28x28() {
        Dataset wrong = TestData.bands("small", 10, 14, 10, 0);
        assertThatThrownBy(() -> FashionBackgrounds.compose(new Splits("x", wrong, wrong, wrong, wrong), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("must be grey 28x28 images");
    }
}
