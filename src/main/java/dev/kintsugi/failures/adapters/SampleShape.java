package dev.kintsugi.failures.adapters;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.ImagePixels;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The input a classifier takes, {@code [channels, height, width]} with pixel values spanning {@code [low, high]}
 * (Kintsugi's image datasets use [0, 1]), and the conversion of an encoded image (PNG or JPEG) into it: the
 * centre is cropped to the target's aspect ratio, each channel is resized with antialiased bicubic resampling
 * (a 512-pixel generated image shrinks to 28 pixels without aliasing), grey is taken with luma weights when the
 * model is single-channel, and values are mapped from [0, 1] to the range.
 */
public record SampleShape(int channels, int height, int width, float low, float high) {
    public SampleShape {
        if (channels != 1 && channels != 3 || height < 1 || width < 1) {
            throw new KintsugiException("generated images need a shape [1 or 3, height, width], got ["
                    + channels + ", " + height + ", " + width + "]");
        }
        if (!(high > low)) {
            throw new KintsugiException("the pixel range must have low < high, got [" + low + ", " + high + "]");
        }
    }

    /** {@code shape} ({@code [C, H, W]}) with pixels in [0, 1], as Kintsugi's image datasets hold them. */
    public static SampleShape unitRange(int[] shape) {
        if (shape.length != 3) {
            throw new KintsugiException("generated images need an image model ([C, H, W]), not a model of shape "
                    + Arrays.toString(shape));
        }
        return new SampleShape(shape[0], shape[1], shape[2], 0f, 1f);
    }

    public int[] toArray() {
        return new int[] {channels, height, width};
    }

    public int size() {
        return channels * height * width;
    }

    /** Decodes {@code encoded} and writes it as one sample into {@code dst} at {@code offset}. */
    void convert(byte[] encoded, float[] dst, int offset) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new KintsugiException("a generated image cannot be decoded (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new KintsugiException("a generated image is not a PNG or JPEG that ImageIO can decode");
        }
        img = ImagePixels.normalised(img);
        int w = img.getWidth();
        int h = img.getHeight();
        float[] pixels = new float[channels * h * w];
        ImagePixels.toPixels(img, channels, pixels, 0);
        // centre crop to the target's aspect ratio, so shapes are not stretched
        int cropW = (int) Math.min(w, Math.round((double) h * width / height));
        int cropH = (int) Math.min(h, Math.round((double) w * height / width));
        int top = (h - cropH) / 2;
        int left = (w - cropW) / 2;
        float[] plane = new float[cropH * cropW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < cropH; y++) {
                System.arraycopy(pixels, c * h * w + (y + top) * w + left, plane, y * cropW, cropW);
            }
            float[] resized = BicubicResampler.resize(plane, cropH, cropW, height, width);
            for (int p = 0; p < resized.length; p++) {
                float v = Math.min(1f, Math.max(0f, resized[p]));
                dst[offset + c * height * width + p] = low + v * (high - low);
            }
        }
    }
}
