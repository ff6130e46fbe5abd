package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundDescriberTest {
    /**
     * 400 composited images with uniform backgrounds. The "items" are horizontal bands spanning the full width,
     * so many reach the border ring: the describer must leave their pixels out.
     */
    private static Dataset composited(long seed) {
        Dataset bands = TestData.bands("bands", 400, 28, 10, seed);
        return FashionBackgrounds.compose(new Splits("bands", bands, bands, bands, bands), seed).test();
    }

    @Test
    void namesTheRecordedBackgroundFarAboveChance() {
        DescriberAccuracy acc = new BackgroundDescriber().accuracy(composited(1));

        assertThat(acc.samples()).isEqualTo(400);
        // Chance is 0.1; the describer reads 99.5% of fashion-bg's test split right (docs/BENCHMARKS.md).
        assertThat(acc.accuracy()).isGreaterThan(0.9);
        assertThat(acc.perContext()).hasSize(10);
        assertThat(acc.describer()).isEqualTo("background-prototypes");
    }

    @Test
    void readsRealFashionBgTestImages() {
        dev.kintsugi.testing.Resources.require(FashionMnist.isIdxDirectory(FashionMnist.SYSTEM_DIR), "Fashion-MNIST is not installed");
        Dataset test = FashionBackgrounds.load(0).test();
        Dataset first = test.subset("first 1000", java.util.stream.IntStream.range(0, 1000).toArray());

        // 99.96% on the whole split (docs/BENCHMARKS.md); chance is 10%.
        assertThat(new BackgroundDescriber().accuracy(first).accuracy()).isGreaterThan(0.99);
    }

    @Test
    void answersFromTheGivenVocabularyWithOneScorePerCandidate() {
        Dataset images = composited(2);
        List<String> vocabulary = List.of("snow", "night", "grass");

        List<Description> described = new BackgroundDescriber(8, 0).describe(images, vocabulary);

        assertThat(described).hasSize(images.size());
        String[] truth = images.attribute("background");
        for (int i = 0; i < described.size(); i++) {
            Description d = described.get(i);
            assertThat(vocabulary).contains(d.context());
            assertThat(d.scores()).hasSize(3);
            assertThat(d.scores().get(vocabulary.indexOf(d.context()))).isEqualTo(
                    d.scores().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            if (vocabulary.contains(truth[i])) {
                assertThat(d.context()).as("sample %d on %s", i, truth[i]).isEqualTo(truth[i]);
            }
        }
    }

    @Test
    void ignoresLabels() {
        Dataset images = composited(3);
        int[] shuffled = images.labels();
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = (shuffled[i] + 3) % 10;
        }
        BackgroundDescriber describer = new BackgroundDescriber(8, 0);

        assertThat(describer.describe(images.withLabels("relabelled", shuffled), Background.labels()))
                .isEqualTo(describer.describe(images, Background.labels()));
    }

    @Test
    void refusesUnknownBackgroundsAndGreyImages() {
        BackgroundDescriber describer = new BackgroundDescriber(4, 0);
        assertThatThrownBy(() -> describer.describe(composited(4), List.of("sky", "lava")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("unknown background 'lava'");
        assertThatThrownBy(() -> describer.describe(TestData.bands("grey", 5, 28, 10, 0), List.of("sky")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("reads RGB 28x28 images");
    }
}
