package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;

import java.util.SplittableRandom;

/**
 * Common image corruptions in the spirit of Hendrycks &amp; Dietterich's ImageNet-C / CIFAR-10-C, on images
 * {@code [C, H, W]} with values in [0, 1]; results are clipped to [0, 1]. Three severities each, taken from the
 * benchmark's severities 1, 3 and 5:
 * <ul>
 *   <li>Gaussian noise, standard deviation 0.08 / 0.18 / 0.38 (ImageNet-C);</li>
 *   <li>Gaussian blur, sigma 0.4 / 0.7 / 1.0 pixels (CIFAR-10-C: ImageNet-C's sigmas assume 224-pixel images,
 *       these suit 28- and 32-pixel ones); separable kernel truncated at 4 sigma as scipy, edges repeated;</li>
 *   <li>contrast, each channel pulled towards its mean by factor 0.4 / 0.2 / 0.05 (ImageNet-C);</li>
 *   <li>brightness, +0.1 / +0.3 / +0.5 on every value (ImageNet-C adds it to HSV value; for grey images that
 *       is the same, for colour ones this is the simpler per-channel shift).</li>
 * </ul>
 */
public enum Corruption {
    GAUSSIAN_NOISE(0, 0.08, 0.18, 0.38) {
        @Override
        void apply(float[] image, int channels, int height, int width, double std, SplittableRandom random) {
            if (std == 0) {
                return;
            }
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (image[i] + std * random.nextGaussian());
            }
        }
    },
    GAUSSIAN_BLUR(0, 0.4, 0.7, 1.0) {
        @Override
        void apply(float[] image, int channels, int height, int width, double sigma, SplittableRandom random) {
            if (sigma == 0) {
                return;
            }
            double[] kernel = gaussianKernel(sigma);
            float[] rows = new float[image.length];
            blur(image, rows, channels, height, width, kernel, 1, width);
            blur(rows, image, channels, height, width, kernel, width, height);
        }
    },
    CONTRAST(1, 0.4, 0.2, 0.05) {
        @Override
        void apply(float[] image, int channels, int height, int width, double factor, SplittableRandom random) {
            int plane = height * width;
            for (int c = 0; c < channels; c++) {
                double mean = 0;
                for (int p = 0; p < plane; p++) {
                    mean += image[c * plane + p];
                }
                mean /= plane;
                for (int p = 0; p < plane; p++) {
                    image[c * plane + p] = (float) ((image[c * plane + p] - mean) * factor + mean);
                }
            }
        }
    },
    BRIGHTNESS(0, 0.1, 0.3, 0.5) {
        @Override
        void apply(float[] image, int channels, int height, int width, double shift, SplittableRandom random) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (image[i] + shift);
            }
        }
    };

    public static final int SEVERITIES = 3;

    private final double identity;
    private final double[] strengths;

    Corruption(double identity, double... strengths) {
        this.identity = identity;
        this.strengths = strengths;
    }

    /** The corruption's parameter (noise std, blur sigma, contrast factor, brightness shift) at severity 1..3. */
    public double strength(int severity) {
        if (severity < 1 || severity > SEVERITIES) {
            throw new KintsugiException("corruption severity must be 1.." + SEVERITIES + ", got " + severity);
        }
        return strengths[severity - 1];
    }

    /** The parameter value that leaves images unchanged. */
    public double identityStrength() {
        return identity;
    }

    /** Corrupts one image in place (before clipping, which {@link Corruptions} does). */
    abstract void apply(float[] image, int channels, int height, int width, double strength, SplittableRandom random);

    static double[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(4 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * One 1-D pass along an axis of every channel plane: {@code stride} is the step between neighbours on that
     * axis (1 along rows, width along columns), {@code length} the axis length; out-of-image taps repeat the edge.
     */
    private static void blur(float[] src, float[] dst, int channels, int height, int width, double[] kernel,
                             int stride, int length) {
        int radius = kernel.length / 2;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int pos = stride == 1 ? x : y;
                    int base = c * plane + y * width + x - pos * stride;
                    double v = 0;
                    for (int t = -radius; t <= radius; t++) {
                        int q = Math.min(length - 1, Math.max(0, pos + t));
                        v += kernel[t + radius] * src[base + q * stride];
                    }
                    dst[c * plane + y * width + x] = (float) v;
                }
            }
        }
    }
}
