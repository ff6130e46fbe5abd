package dev.kintsugi.failures.adapters;

/**
 * Resizes one image plane the way Pillow's {@code Image.resize(..., BICUBIC)} does, which is what CLIP's
 * preprocessing uses: a separable cubic convolution (Keys, a = -0.5) whose support widens by the scale factor
 * when shrinking, so downscaling is antialiased. Unlike Pillow, values stay float between the two passes
 * instead of being rounded to 8 bits, which differs by at most half a grey level.
 */
final class BicubicResampler {
    private static final double A = -0.5;
    private static final double SUPPORT = 2.0;

    private BicubicResampler() {
    }

    /** {@code plane} is {@code h x w}, row-major; the result is {@code outH x outW}. */
    static float[] resize(float[] plane, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return plane.clone();
        }
        Weights horizontal = weights(w, outW);
        Weights vertical = weights(h, outH);
        float[] rows = new float[h * outW];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                double sum = 0;
                for (int k = 0; k < horizontal.count[x]; k++) {
                    sum += horizontal.weight[x][k] * plane[y * w + horizontal.first[x] + k];
                }
                rows[y * outW + x] = (float) sum;
            }
        }
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                double sum = 0;
                for (int k = 0; k < vertical.count[y]; k++) {
                    sum += vertical.weight[y][k] * rows[(vertical.first[y] + k) * outW + x];
                }
                out[y * outW + x] = (float) sum;
            }
        }
        return out;
    }

    /** For each output index: the first input index, how many inputs it reads and their normalised weights. */
    private record Weights(int[] first, int[] count, double[][] weight) {
    }

    private static Weights weights(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int[] first = new int[out];
        int[] count = new int[out];
        double[][] weight = new double[out][];
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), in);
            double[] ws = new double[max - min];
            double total = 0;
            for (int j = 0; j < ws.length; j++) {
                ws[j] = cubic((j + min - center + 0.5) / filterScale);
                total += ws[j];
            }
            for (int j = 0; j < ws.length; j++) {
                ws[j] = total == 0 ? 0 : ws[j] / total;
            }
            first[i] = min;
            count[i] = ws.length;
            weight[i] = ws;
        }
        return new Weights(first, count, weight);
    }

    private static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0;
    }
}
