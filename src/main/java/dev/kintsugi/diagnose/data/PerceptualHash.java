package dev.kintsugi.diagnose.data;

/**
 * The DCT perceptual hash (pHash, as in the {@code imagehash} library's {@code phash} with hash size 8):
 * the image is turned grey (mean of its channels), resized to 32x32, transformed with a 2-D DCT-II, and
 * each of the 64 lowest-frequency coefficients (the top-left 8x8, DC included) becomes one bit: 1 when it
 * is above their median. Similar images differ in few bits, so the Hamming distance between two hashes
 * measures how alike they look. Differs from imagehash only in the resize: bilinear here, Lanczos there.
 */
public final class PerceptualHash {
    static final int RESIZED = 32;
    static final int LOW = 8;
    private static final double[][] COSINES = cosines();

    private PerceptualHash() {
    }

    /** The 64-bit hash of one image given in {C, H, W} order. */
    public static long of(float[] image, int offset, int channels, int height, int width) {
        double[] grey = resizedGrey(image, offset, channels, height, width);
        double[] low = lowFrequencies(grey);
        double[] sorted = low.clone();
        java.util.Arrays.sort(sorted);
        double median = (sorted[LOW * LOW / 2 - 1] + sorted[LOW * LOW / 2]) / 2;
        long hash = 0;
        for (int i = 0; i < low.length; i++) {
            if (low[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /** Number of bits in which two hashes differ. */
    public static int hamming(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Bilinear resize of the channel mean to 32x32, sampling pixel centres. */
    static double[] resizedGrey(float[] image, int offset, int channels, int height, int width) {
        int plane = height * width;
        double[] grey = new double[plane];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                grey[p] += image[offset + c * plane + p];
            }
        }
        double[] out = new double[RESIZED * RESIZED];
        for (int y = 0; y < RESIZED; y++) {
            double sy = Math.max(0, Math.min(height - 1, (y + 0.5) * height / RESIZED - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(height - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < RESIZED; x++) {
                double sx = Math.max(0, Math.min(width - 1, (x + 0.5) * width / RESIZED - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(width - 1, x0 + 1);
                double fx = sx - x0;
                double top = grey[y0 * width + x0] * (1 - fx) + grey[y0 * width + x1] * fx;
                double bottom = grey[y1 * width + x0] * (1 - fx) + grey[y1 * width + x1] * fx;
                out[y * RESIZED + x] = (top * (1 - fy) + bottom * fy) / channels;
            }
        }
        return out;
    }

    /** The top-left 8x8 of the 2-D DCT-II of a 32x32 image, row-major; only the needed rows are computed. */
    static double[] lowFrequencies(double[] image) {
        double[] rows = new double[RESIZED * LOW];
        for (int y = 0; y < RESIZED; y++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int x = 0; x < RESIZED; x++) {
                    s += image[y * RESIZED + x] * COSINES[u][x];
                }
                rows[y * LOW + u] = s;
            }
        }
        double[] out = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int y = 0; y < RESIZED; y++) {
                    s += rows[y * LOW + u] * COSINES[v][y];
                }
                out[v * LOW + u] = s;
            }
        }
        return out;
    }

    private static double[][] cosines() {
        double[][] c = new double[LOW][RESIZED];
        for (int k = 0; k < LOW; k++) {
            for (int n = 0; n < RESIZED; n++) {
                c[k][n] = Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * RESIZED));
            }
        }
        return c;
    }
}
