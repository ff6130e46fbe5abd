package dev.kintsugi.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded images to Kintsugi samples: 8-bit grey or RGB, channel-major floats in [0, 1]. Shared by the image
 * folder reader and the adapters that receive images from outside (a diffusion endpoint).
 */
public final class ImagePixels {
    private ImagePixels() {
    }

    public static boolean isGrey(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    }

    /**
     * Greyscale images become 8-bit grey and everything else (palette, alpha, 16-bit) 8-bit RGB. Grey
     * stays grey because drawing a linear-grey image into sRGB would change its values.
     */
    public static BufferedImage normalised(BufferedImage img) {
        boolean grey = !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int type = grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        return img.getType() == type ? img : draw(img, img.getWidth(), img.getHeight(), type);
    }

    public static BufferedImage resized(BufferedImage img, int w, int h) {
        return img.getWidth() == w && img.getHeight() == h ? img : draw(img, w, h, img.getType());
    }

    private static BufferedImage draw(BufferedImage src, int w, int h, int type) {
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes {@code img} in channel-major order; grey is replicated to RGB, RGB averaged with luma weights. */
    public static void toPixels(BufferedImage img, int channels, float[] dst, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        if (isGrey(img)) {
            Raster r = img.getRaster();
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    float v = r.getSample(xx, yy, 0) / 255f;
                    for (int c = 0; c < channels; c++) {
                        dst[offset + c * plane + yy * w + xx] = v;
                    }
                }
            }
            return;
        }
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = img.getRGB(xx, yy);
                float red = ((rgb >> 16) & 0xff) / 255f;
                float green = ((rgb >> 8) & 0xff) / 255f;
                float blue = (rgb & 0xff) / 255f;
                int p = offset + yy * w + xx;
                if (channels == 1) {
                    dst[p] = Math.min(1f, 0.299f * red + 0.587f * green + 0.114f * blue);
                } else {
                    dst[p] = red;
                    dst[p + plane] = green;
                    dst[p + 2 * plane] = blue;
                }
            }
        }
    }
}
