package dev.kintsugi.diagnose.data;

/**
 * How far apart two images are in pixels, forgiving a small translation: the smallest root-mean-square
 * difference over all integer shifts of up to {@code maxShift} pixels in each direction, taken over the
 * pixels the two images share after the shift (the strip shifted out is ignored), so a copy moved by one
 * pixel is at distance 0 from its original while two different garments are not.
 */
public final class ShiftTolerantDistance {
    private ShiftTolerantDistance() {
    }

    /** Images {@code a} and {@code b} of shape {C, H, W} at the given offsets. */
    public static double between(float[] a, int offsetA, float[] b, int offsetB, int channels, int height, int width,
                                 int maxShift) {
        double best = Double.POSITIVE_INFINITY;
        int plane = height * width;
        for (int dy = -maxShift; dy <= maxShift; dy++) {
            for (int dx = -maxShift; dx <= maxShift; dx++) {
                int y0 = Math.max(0, -dy);
                int y1 = Math.min(height, height - dy);
                int x0 = Math.max(0, -dx);
                int x1 = Math.min(width, width - dx);
                long count = (long) channels * Math.max(0, y1 - y0) * Math.max(0, x1 - x0);
                if (count == 0) {
                    continue;
                }
                double limit = best * best * count;
                double sum = 0;
                for (int c = 0; c < channels && sum < limit; c++) {
                    int base = c * plane;
                    for (int y = y0; y < y1; y++) {
                        int rowA = offsetA + base + y * width;
                        int rowB = offsetB + base + (y + dy) * width + dx;
                        for (int x = x0; x < x1; x++) {
                            double d = a[rowA + x] - b[rowB + x];
                            sum += d * d;
                        }
                    }
                }
                best = Math.min(best, Math.sqrt(sum / count));
            }
        }
        return best;
    }
}
