package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;

/**
 * Small average-pooled copies of images ({@code [C, H, W]} to about {@code [C, side, side]}), each first
 * moved (bilinear, sub-pixel) so that its intensity centroid sits at the image centre: a cheap space in
 * which a noisy or shifted copy stays close to its original, for nearest-neighbour candidates. Without the
 * centring, 47 of 100 test images planted one pixel shifted into Fashion-MNIST's training split (which holds
 * thousands of look-alike garments) were not among their copy's 5 nearest neighbours.
 */
final class Thumbnails {
    private Thumbnails() {
    }

    /** Pool window: the integer factor that brings the smaller side down to about {@code side}. */
    static int window(int[] shape, int side) {
        return Math.max(1, Math.min(shape[1], shape[2]) / side);
    }

    static int size(int[] shape, int side) {
        int w = window(shape, side);
        return shape[0] * ceil(shape[1], w) * ceil(shape[2], w);
    }

    /** Every image's thumbnail, row-major; border windows average only the pixels they cover. */
    static float[] of(Dataset data, int side) {
        int[] s = data.sampleShape();
        int w = window(s, side);
        int th = ceil(s[1], w);
        int tw = ceil(s[2], w);
        int dim = s[0] * th * tw;
        float[] out = new float[data.size() * dim];
        float[] x = new float[data.sampleSize()];
        for (int i = 0; i < data.size(); i++) {
            centred(data.featuresView(), i * data.sampleSize(), s, x);
            for (int c = 0; c < s[0]; c++) {
                for (int ty = 0; ty < th; ty++) {
                    for (int tx = 0; tx < tw; tx++) {
                        double sum = 0;
                        int n = 0;
                        for (int y = ty * w; y < Math.min(s[1], (ty + 1) * w); y++) {
                            for (int xx = tx * w; xx < Math.min(s[2], (tx + 1) * w); xx++) {
                                sum += x[c * s[1] * s[2] + y * s[2] + xx];
                                n++;
                            }
                        }
                        out[i * dim + c * th * tw + ty * tw + tx] = (float) (sum / n);
                    }
                }
            }
        }
        return out;
    }

    /** The image at {@code offset} resampled so its intensity centroid is at the centre; outside counts as 0. */
    static void centred(float[] images, int offset, int[] s, float[] out) {
        int plane = s[1] * s[2];
        double mass = 0;
        double cy = 0;
        double cx = 0;
        for (int c = 0; c < s[0]; c++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    double v = Math.abs(images[offset + c * plane + y * s[2] + x]);
                    mass += v;
                    cy += v * y;
                    cx += v * x;
                }
            }
        }
        double dy = mass > 0 ? cy / mass - (s[1] - 1) / 2.0 : 0;
        double dx = mass > 0 ? cx / mass - (s[2] - 1) / 2.0 : 0;
        for (int c = 0; c < s[0]; c++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    out[c * plane + y * s[2] + x] = (float) bilinear(images, offset + c * plane, s[1], s[2], y + dy,
                            x + dx);
                }
            }
        }
    }

    private static double bilinear(float[] image, int offset, int height, int width, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        return (1 - fy) * ((1 - fx) * at(image, offset, height, width, y0, x0) + fx * at(image, offset, height, width, y0, x0 + 1))
                + fy * ((1 - fx) * at(image, offset, height, width, y0 + 1, x0) + fx * at(image, offset, height, width, y0 + 1, x0 + 1));
    }

    private static double at(float[] image, int offset, int height, int width, int y, int x) {
        return y < 0 || y >= height || x < 0 || x >= width ? 0 : image[offset + y * width + x];
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}
