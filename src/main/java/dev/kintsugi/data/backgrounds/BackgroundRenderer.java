package dev.kintsugi.data.backgrounds;

import java.util.SplittableRandom;

/**
 * Renders 28x28 RGB images (channels first, values in [0, 1]) of a named background, optionally with a
 * Fashion-MNIST item composited on top. One renderer serves the {@code fashion-bg} dataset, the background
 * describer's prototypes and the compositing generator, so all three see the same variation.
 *
 * <p>Random variation per rendering, all drawn from the caller's generator:
 * <ul>
 *   <li>the background's texture (see {@link Background});</li>
 *   <li>a tint: each channel scaled by 1 ± {@value #CHANNEL_JITTER}, the whole by 1 ± {@value #BRIGHTNESS_JITTER};</li>
 *   <li>pixel noise of standard deviation about {@value #PIXEL_NOISE};</li>
 *   <li>the item's position: shifted by up to {@value #MAX_SHIFT} pixels along each axis;</li>
 *   <li>the item's colour: a random hue at saturation 0.2-0.7.</li>
 * </ul>
 * The item's grey level {@code m} is its alpha: the output is {@code (1 - m) * background + m * colour},
 * where {@code colour = tint * (0.3 + 0.7 m)}, so the item keeps its shading and its soft edges blend.
 */
public final class BackgroundRenderer {
    public static final int SIZE = 28;
    public static final int CHANNELS = 3;
    public static final int PIXELS = SIZE * SIZE;
    /** Floats in one rendered image. */
    public static final int SAMPLE_SIZE = CHANNELS * PIXELS;
    public static final int MAX_SHIFT = 2;
    static final double CHANNEL_JITTER = 0.06;
    static final double BRIGHTNESS_JITTER = 0.10;
    static final double PIXEL_NOISE = 0.02;

    private BackgroundRenderer() {
    }

    /** A bare rendering of {@code background} into {@code dst[offset .. offset + SAMPLE_SIZE)}. */
    public static void renderBackground(Background background, SplittableRandom rng, float[] dst, int offset) {
        float[] rgb = new float[SAMPLE_SIZE];
        background.paint(rgb, SIZE, rng);
        double brightness = 1 + BRIGHTNESS_JITTER * (2 * rng.nextDouble() - 1);
        for (int c = 0; c < CHANNELS; c++) {
            float scale = (float) (brightness * (1 + CHANNEL_JITTER * (2 * rng.nextDouble() - 1)));
            for (int p = 0; p < PIXELS; p++) {
                int i = c * PIXELS + p;
                dst[offset + i] = clamp(rgb[i] * scale + (float) (PIXEL_NOISE * noise(rng)));
            }
        }
    }

    /**
     * The grey item {@code mask[maskOffset .. maskOffset + PIXELS)} (values in [0, 1], 0 = no item) composited
     * onto a fresh rendering of {@code background}, into {@code dst[offset .. offset + SAMPLE_SIZE)}.
     */
    public static void composite(float[] mask, int maskOffset, Background background, SplittableRandom rng,
                                 float[] dst, int offset) {
        renderBackground(background, rng, dst, offset);
        int dx = rng.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        int dy = rng.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        float[] tint = Colours.randomTint(rng, 0.2, 0.7);
        for (int y = 0; y < SIZE; y++) {
            int sy = y - dy;
            if (sy < 0 || sy >= SIZE) {
                continue;
            }
            for (int x = 0; x < SIZE; x++) {
                int sx = x - dx;
                if (sx < 0 || sx >= SIZE) {
                    continue;
                }
                float m = mask[maskOffset + sy * SIZE + sx];
                if (m <= 0f) {
                    continue;
                }
                float shade = 0.3f + 0.7f * m;
                for (int c = 0; c < CHANNELS; c++) {
                    int i = offset + c * PIXELS + y * SIZE + x;
                    dst[i] = (1 - m) * dst[i] + m * tint[c] * shade;
                }
            }
        }
    }

    /** Roughly standard normal and cheap: the sum of three uniforms, centred and scaled. */
    private static double noise(SplittableRandom rng) {
        return (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2.0;
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }
}
