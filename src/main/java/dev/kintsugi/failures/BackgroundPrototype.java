package dev.kintsugi.failures;

import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.data.backgrounds.BackgroundRenderer;

import java.util.SplittableRandom;

/**
 * What one named background looks like, learnt from seeded renderings of it (no items): a smoothed colour
 * histogram over all their pixels, i.e. the probability of each colour on that background, which captures
 * both its mean colour and its texture's colour spread (brick's mortar, night's stars, wood's grain). Also
 * keeps the mean colour for reports.
 */
final class BackgroundPrototype {
    /** Histogram bins per channel. */
    static final int BINS = 10;
    private static final int CELLS = BINS * BINS * BINS;
    private final Background background;
    private final float[] logProbability = new float[CELLS];
    private final double[] meanColour = new double[3];

    BackgroundPrototype(Background background, int renderings, long seed) {
        this.background = background;
        double[] counts = new double[CELLS];
        float[] image = new float[BackgroundRenderer.SAMPLE_SIZE];
        SplittableRandom root = new SplittableRandom(seed ^ (background.ordinal() + 1L) * 0x9E3779B97F4A7C15L);
        int pixels = BackgroundRenderer.PIXELS;
        for (int r = 0; r < renderings; r++) {
            BackgroundRenderer.renderBackground(background, root.split(), image, 0);
            for (int p = 0; p < pixels; p++) {
                float red = image[p];
                float green = image[pixels + p];
                float blue = image[2 * pixels + p];
                counts[cell(red, green, blue)]++;
                meanColour[0] += red;
                meanColour[1] += green;
                meanColour[2] += blue;
            }
        }
        for (int c = 0; c < 3; c++) {
            meanColour[c] /= (double) renderings * pixels;
        }
        double[] smoothed = blur(counts);
        double total = 0;
        for (double v : smoothed) {
            total += v;
        }
        // A floor of a tenth of a pixel per cell keeps unseen colours finite; the describer truncates anyway.
        double floor = 0.1 / CELLS * renderings;
        for (int i = 0; i < CELLS; i++) {
            logProbability[i] = (float) Math.log((smoothed[i] + floor) / (total + floor * CELLS));
        }
    }

    Background background() {
        return background;
    }

    /** Natural log of the probability of the colour (r, g, b) on this background. */
    float logProbability(float r, float g, float b) {
        return logProbability[cell(r, g, b)];
    }

    double[] meanColour() {
        return meanColour.clone();
    }

    static int cell(float r, float g, float b) {
        return (bin(r) * BINS + bin(g)) * BINS + bin(b);
    }

    private static int bin(float v) {
        int b = (int) (v * BINS);
        return b < 0 ? 0 : (b >= BINS ? BINS - 1 : b);
    }

    /**
     * A [1, 2, 1] blur along each colour axis: a rendering's tint shifts its colours by up to a bin, and
     * neighbouring bins should share that mass rather than call a slightly brighter sky impossible.
     */
    private static double[] blur(double[] counts) {
        double[] a = counts.clone();
        int[] strides = {BINS * BINS, BINS, 1};
        for (int stride : strides) {
            double[] b = new double[CELLS];
            for (int i = 0; i < CELLS; i++) {
                int coordinate = (i / stride) % BINS;
                double sum = 2 * a[i];
                if (coordinate > 0) {
                    sum += a[i - stride];
                }
                if (coordinate < BINS - 1) {
                    sum += a[i + stride];
                }
                b[i] = sum / 4;
            }
            a = b;
        }
        return a;
    }
}
