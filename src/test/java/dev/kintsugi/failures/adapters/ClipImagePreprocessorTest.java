package dev.kintsugi.failures.adapters;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipImagePreprocessorTest {
    @Test
    void bicubicKeepsConstantsAndReproducesRampsAwayFromTheBorder() {
        float[] flat = new float[4 * 4];
        java.util.Arrays.fill(flat, 0.3f);
        for (float v : BicubicResampler.resize(flat, 4, 4, 9, 7)) {
            assertThat(v).isCloseTo(0.3f, within(1e-6f));
        }
        // A horizontal ramp 0..15 upscaled 2x: Keys' cubic (a = -0.5) reproduces linear functions, so the
        // interior samples lie on the ramp at their pixel centres ((i + 0.5) / 2 - 0.5).
        int w = 16;
        float[] ramp = new float[w];
        for (int x = 0; x < w; x++) {
            ramp[x] = x;
        }
        float[] up = BicubicResampler.resize(ramp, 1, w, 1, 2 * w);
        for (int i = 4; i < 2 * w - 4; i++) {
            assertThat(up[i]).isCloseTo((i + 0.5f) / 2 - 0.5f, within(1e-4f));
        }
        // Halving is antialiased: alternating 0/1 columns average to about one half.
        float[] stripes = new float[32];
        for (int x = 0; x < 32; x++) {
            stripes[x] = x % 2;
        }
        float[] down = BicubicResampler.resize(stripes, 1, 32, 1, 16);
        for (int i = 2; i < 14; i++) {
            assertThat(down[i]).isCloseTo(0.5f, within(0.01f));
        }
    }

    @Test
    void resizesTheShortSideCropsTheCentreAndNormalises() {
        // 1 x 4 x 8 grey image: left half black, right half white; size 4 keeps the middle 4 columns.
        float[] img = new float[4 * 8];
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                img[y * 8 + x] = 1f;
            }
        }
        ClipImagePreprocessor p = new ClipImagePreprocessor(4, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
        float[] out = p.apply(img, new int[] {1, 4, 8});
        assertThat(out).hasSize(3 * 4 * 4);
        for (int c = 0; c < 3; c++) {
            assertThat(out[c * 16]).as("column 2 of the original: black").isCloseTo(-1f, within(1e-5f));
            assertThat(out[c * 16 + 3]).as("column 5 of the original: white").isCloseTo(1f, within(1e-5f));
        }
        ClipImagePreprocessor clip = new ClipImagePreprocessor(2, ClipConfig.CLIP_MEAN, ClipConfig.CLIP_STD);
        float[] white = clip.apply(new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f},
                new int[] {3, 2, 2});
        assertThat(white[0]).isCloseTo((float) ((1 - 0.48145466) / 0.26862954), within(1e-5f));
        assertThat(white[4]).isCloseTo((float) (-0.4578275 / 0.26130258), within(1e-5f));
        assertThat(white[8]).isCloseTo((float) ((0.5 - 0.40821073) / 0.27577711), within(1e-5f));
    }
}
