package dev.kintsugi.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kintsugi.model.Engines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentationTest {
    @Test
    void imagesAreShiftedByWholePixelsWithZeroFillAndSameSeedRepeats() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] image = new float[5 * 5];
            image[2 * 5 + 2] = 1f; // one bright pixel in the centre
            NDArray batch = m.create(image, new Shape(1, 1, 5, 5));
            float[] a = new Augmentation(3, 2, 0).apply(m, batch).toFloatArray();
            float[] b = new Augmentation(3, 2, 0).apply(m, batch).toFloatArray();
            assertThat(a).containsExactly(b);
            // The pixel moved by at most 2 in each direction and nothing else lit up.
            int lit = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] != 0) {
                    lit++;
                    assertThat(Math.abs(i / 5 - 2)).isLessThanOrEqualTo(2);
                    assertThat(Math.abs(i % 5 - 2)).isLessThanOrEqualTo(2);
                    assertThat(a[i]).isEqualTo(1f);
                }
            }
            assertThat(lit).isEqualTo(1);
            boolean moved = false;
            for (long seed = 0; seed < 10 && !moved; seed++) {
                moved = new Augmentation(seed, 2, 0).apply(m, batch).toFloatArray()[12] == 0f;
            }
            assertThat(moved).as("some seed moves the pixel").isTrue();
        }
    }

    @Test
    void tabularRowsGetGaussianNoiseOfTheGivenSpread() {
        Engines.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 20000;
            NDArray batch = m.zeros(new Shape(n / 4, 4));
            float[] noisy = new Augmentation(1, 2, 0.05).apply(m, batch).toFloatArray();
            double sum = 0;
            double sq = 0;
            for (float v : noisy) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            assertThat(mean).isBetween(-0.002, 0.002);
            assertThat(Math.sqrt(sq / n - mean * mean)).isBetween(0.048, 0.052);
        }
    }
}
