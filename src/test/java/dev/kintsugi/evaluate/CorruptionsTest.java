package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CorruptionsTest {
    static final Dataset IMAGES = TestData.bands("images", 40, 8, 4, 3);

    static Dataset image(int c, int h, int w, float... values) {
        return new Dataset("one", new int[] {c, h, w}, values, new int[] {0}, List.of("x"));
    }

    @Test
    void identityStrengthLeavesImagesUnchanged() {
        for (Corruption c : Corruption.values()) {
            assertThat(Corruptions.corrupt(IMAGES, c, c.identityStrength(), 1).featuresView()).as(c.name())
                    .containsExactly(IMAGES.featuresView());
        }
    }

    @Test
    void everySeverityStaysInTheUnitIntervalAndIsDeterministic() {
        for (Corruption c : Corruption.values()) {
            for (int s = 1; s <= Corruption.SEVERITIES; s++) {
                float[] a = Corruptions.corrupt(IMAGES, c, s, 5).featuresView();
                for (float v : a) {
                    assertThat(v).as("%s %d", c, s).isBetween(0f, 1f);
                }
                assertThat(Corruptions.corrupt(IMAGES, c, s, 5).featuresView()).containsExactly(a);
                assertThat(a).as("%s %d changes the images", c, s).isNotEqualTo(IMAGES.featuresView());
            }
        }
        assertThat(Corruptions.corrupt(IMAGES, Corruption.GAUSSIAN_NOISE, 2, 6).featuresView())
                .isNotEqualTo(Corruptions.corrupt(IMAGES, Corruption.GAUSSIAN_NOISE, 2, 5).featuresView());
    }

    @Test
    void contrastAndBrightnessMatchHandComputedValues() {
        // Contrast 0.5 on [0.2, 0.6]: mean 0.4, so 0.4 ± 0.2 × 0.5 = [0.3, 0.5].
        assertThat(Corruptions.corrupt(image(1, 1, 2, 0.2f, 0.6f), Corruption.CONTRAST, 0.5, 0).featuresView())
                .containsExactly(new float[] {0.3f, 0.5f}, org.assertj.core.data.Offset.offset(1e-6f));
        // Per channel: channel 0 [0, 1] and channel 1 [0.5, 0.5] (already at its mean).
        assertThat(Corruptions.corrupt(image(2, 1, 2, 0f, 1f, 0.5f, 0.5f), Corruption.CONTRAST, 0.2, 0).featuresView())
                .containsExactly(new float[] {0.4f, 0.6f, 0.5f, 0.5f}, org.assertj.core.data.Offset.offset(1e-6f));
        // Brightness +0.1 on [0.2, 0.95]: [0.3, 1.0] after clipping.
        assertThat(Corruptions.corrupt(image(1, 1, 2, 0.2f, 0.95f), Corruption.BRIGHTNESS, 0.1, 0).featuresView())
                .containsExactly(new float[] {0.3f, 1.0f}, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void blurSpreadsOnePixelByTheSeparableKernelAndKeepsFlatImages() {
        // A single 1.0 in the middle of a 9×9 image: the blurred centre is k0², its right neighbour k0 × k1,
        // with k_i = exp(−i² / (2σ²)) / Σ_j exp(−j² / (2σ²)), j = −3..3 for σ = 0.7 (radius ceil(4σ) = 3).
        double sigma = 0.7;
        double norm = 0;
        for (int j = -3; j <= 3; j++) {
            norm += Math.exp(-j * j / (2 * sigma * sigma));
        }
        double k0 = 1 / norm;
        double k1 = Math.exp(-1 / (2 * sigma * sigma)) / norm;
        float[] pixels = new float[81];
        pixels[40] = 1f;
        float[] blurred = Corruptions.corrupt(image(1, 9, 9, pixels), Corruption.GAUSSIAN_BLUR, sigma, 0).featuresView();
        assertThat((double) blurred[40]).isCloseTo(k0 * k0, within(1e-6));
        assertThat((double) blurred[41]).isCloseTo(k0 * k1, within(1e-6));
        assertThat((double) blurred[31]).isCloseTo(k0 * k1, within(1e-6));
        double total = 0;
        for (float v : blurred) {
            total += v;
        }
        assertThat(total).isCloseTo(1.0, within(1e-5));
        float[] flat = new float[81];
        java.util.Arrays.fill(flat, 0.3f);
        assertThat(Corruptions.corrupt(image(1, 9, 9, flat), Corruption.GAUSSIAN_BLUR, 1.0, 0).featuresView())
                .containsExactly(flat, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void accuracyDoesNotRiseWithSeverityOnAverage() {
        Dataset train = TestData.bands("train", 300, 8, 4, 1);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), train), 3)) {
            new Trainer(TrainingConfig.defaults().withEpochs(5).withBatchSize(32).withLearningRate(0.01).withSeed(3))
                    .fit(net, train, IMAGES);
            CorruptionAccuracy table = Corruptions.evaluate(net, IMAGES, 8);
            assertThat(table.table()).hasSize(Corruption.values().length * Corruption.SEVERITIES);
            assertThat(table.cleanAccuracy()).isGreaterThan(0.9);
            assertThat(table.meanAccuracy(1)).isLessThanOrEqualTo(table.cleanAccuracy());
            assertThat(table.meanAccuracy(2)).isLessThanOrEqualTo(table.meanAccuracy(1));
            assertThat(table.meanAccuracy(3)).isLessThanOrEqualTo(table.meanAccuracy(2)).isLessThan(table.cleanAccuracy());
            assertThat(table.accuracy(Corruption.CONTRAST, 3)).isEqualTo(table.table().get(8).accuracy());
        }
    }

    @Test
    void nonImageDataIsRejected() {
        Dataset tabular = TestData.blobs("tab", 4, 3, 2, 0);
        assertThatThrownBy(() -> Corruptions.corrupt(tabular, Corruption.BRIGHTNESS, 1, 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("[3]");
        assertThatThrownBy(() -> Corruption.BRIGHTNESS.strength(4))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("1..3");
    }
}
