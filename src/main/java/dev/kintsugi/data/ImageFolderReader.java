package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads an image-classification folder {@code root/<class>/*.png|jpg|jpeg}. Class names are the
 * sorted sub-folder names and files are read in sorted order, so the result is deterministic. Every
 * image is resized (java.awt, bilinear) to one size and converted to 1 (grey) or 3 (RGB) channels
 * with pixels in [0, 1], giving shape {C, H, W}. Each sample's path relative to the root is kept as
 * the attribute {@code file}, so failures can be traced back to images.
 */
public final class ImageFolderReader {
    /** Pass as width/height to use the first image's size, or as channels to follow the first image. */
    public static final int FROM_FIRST_IMAGE = 0;

    private ImageFolderReader() {
    }

    public static Dataset read(Path root) {
        return read(root, FROM_FIRST_IMAGE, FROM_FIRST_IMAGE, FROM_FIRST_IMAGE);
    }

    /**
     * @param channels 1 for grey, 3 for RGB, or {@link #FROM_FIRST_IMAGE}: 1 if the first image is
     *                 greyscale, else 3
     */
    public static Dataset read(Path root, int width, int height, int channels) {
        if (!Files.isDirectory(root)) {
            throw new KintsugiException(root + ": not a directory");
        }
        if (channels != FROM_FIRST_IMAGE && channels != 1 && channels != 3) {
            throw new KintsugiException(root + ": channels must be 1 (grey) or 3 (RGB), not " + channels);
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
        if (classDirs.isEmpty()) {
            throw new KintsugiException(root + ": no class folders; expected root/<class>/<image>.png");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            classNames.add(dir.getFileName().toString());
            for (Path f : list(dir)) {
                if (Files.isRegularFile(f) && isImage(f)) {
                    files.add(f);
                    labels.add(classNames.size() - 1);
                }
            }
        }
        if (files.isEmpty()) {
            throw new KintsugiException(root + ": the class folders hold no .png, .jpg or .jpeg images");
        }

        BufferedImage first = normalised(load(files.get(0)));
        int w = width > 0 ? width : first.getWidth();
        int h = height > 0 ? height : first.getHeight();
        int c = channels != FROM_FIRST_IMAGE ? channels : (isGrey(first) ? 1 : 3);
        int size = c * h * w;
        float[] x = new float[Math.multiplyExact(files.size(), size)];
        String[] relative = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = i == 0 ? first : normalised(load(files.get(i)));
            toPixels(resized(img, w, h), c, x, i * size);
            relative[i] = root.relativize(files.get(i)).toString().replace('\\', '/');
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Dataset(root.getFileName().toString(), new int[] {c, h, w}, x, y, classNames,
                Map.of("file", relative));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new KintsugiException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isImage(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static BufferedImage load(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new KintsugiException(f + ": unreadable image (not a PNG or JPEG ImageIO can decode)");
            }
            return img;
        } catch (IOException e) {
            throw new KintsugiException(f + ": unreadable image (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGrey(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    }

    /**
     * Greyscale images become 8-bit grey and everything else (palette, alpha, 16-bit) 8-bit RGB. Grey
     * stays grey because drawing a linear-grey image into sRGB would change its values.
     */
    private static BufferedImage normalised(BufferedImage img) {
        boolean grey = !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int type = grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        return img.getType() == type ? img : draw(img, img.getWidth(), img.getHeight(), type);
    }

    private static BufferedImage resized(BufferedImage img, int w, int h) {
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
    private static void toPixels(BufferedImage img, int channels, float[] dst, int offset) {
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
