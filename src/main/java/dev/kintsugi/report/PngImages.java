package dev.kintsugi.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Turns a channels-first float image in [0, 1] into an enlarged PNG data URI. */
final class PngImages {
    private PngImages() {
    }

    /** Pixels in {C, H, W} order, C = 1 (grey) or 3 (RGB); each pixel becomes a scale × scale block. */
    static BufferedImage toImage(float[] chw, int channels, int height, int width, int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images need 1 (grey) or 3 (RGB) channels, got " + channels);
        }
        if (height <= 0 || width <= 0 || scale <= 0) {
            throw new IllegalArgumentException("image size and scale must be positive: " + height + "x" + width
                    + ", scale " + scale);
        }
        if (chw.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels + "x" + height + "x" + width + " = "
                    + channels * height * width + " values, got " + chw.length);
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int r = toByte(chw[i]);
                int g = channels == 3 ? toByte(chw[plane + i]) : r;
                int b = channels == 3 ? toByte(chw[2 * plane + i]) : r;
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return image;
    }

    static String dataUri(BufferedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG in memory", e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** Clamps to [0, 1] (NaN counts as 0), then maps to 0..255. */
    private static int toByte(float value) {
        float v = Float.isNaN(value) ? 0f : Math.max(0f, Math.min(1f, value));
        return Math.round(v * 255f);
    }
}
