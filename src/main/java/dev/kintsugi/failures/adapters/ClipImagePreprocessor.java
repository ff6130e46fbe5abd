package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;

import java.util.Arrays;
import java.util.List;

/**
 * CLIP's image preprocessing on one Kintsugi image sample ({@code [C, H, W]}, pixels in [0, 1]): grey is
 * repeated to RGB, the shorter side is resized to the encoder's size with Pillow-style bicubic resampling and
 * the centre square is cropped (as HuggingFace's CLIPImageProcessor does), then each channel is normalised
 * with CLIP's mean and standard deviation.
 */
final class ClipImagePreprocessor {
    private final int size;
    private final double[] mean;
    private final double[] std;

    ClipImagePreprocessor(int size, List<Double> mean, List<Double> std) {
        this.size = size;
        this.mean = mean.stream().mapToDouble(Double::doubleValue).toArray();
        this.std = std.stream().mapToDouble(Double::doubleValue).toArray();
    }

    int size() {
        return size;
    }

    static void checkShape(int[] shape) {
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3)) {
            throw new KintsugiException("the CLIP describer needs images [1 or 3 channels, height, width], got "
                    + Arrays.toString(shape));
        }
    }

    /** {@code sample} laid out as {@code shape}; returns {@code [3, size, size]} ready for the encoder. */
    float[] apply(float[] sample, int[] shape) {
        checkShape(shape);
        int channels = shape[0];
        int h = shape[1];
        int w = shape[2];
        int resizedH = h <= w ? size : (int) ((long) size * h / w);
        int resizedW = h <= w ? (int) ((long) size * w / h) : size;
        int top = (resizedH - size) / 2;
        int left = (resizedW - size) / 2;
        float[] out = new float[3 * size * size];
        float[] plane = new float[h * w];
        float[] resized = null;
        for (int c = 0; c < 3; c++) {
            if (channels == 3 || resized == null) { // grey: one plane, resized once for all three channels
                System.arraycopy(sample, (channels == 1 ? 0 : c) * h * w, plane, 0, h * w);
                resized = BicubicResampler.resize(plane, h, w, resizedH, resizedW);
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // Pillow works in 8 bits, so bicubic overshoot is clipped to the pixel range.
                    double v = Math.min(1.0, Math.max(0.0, resized[(y + top) * resizedW + x + left]));
                    out[c * size * size + y * size + x] = (float) ((v - mean[c]) / std[c]);
                }
            }
        }
        return out;
    }
}
