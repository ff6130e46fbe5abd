package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
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

        BufferedImage first = load(files.get(0));
        int w = width > 0 ? width : first.getWidth();
        int h = height > 0 ? height : first.getHeight();
        int c = channels != FROM_FIRST_IMAGE ? channels : (ImagePixels.isGrey(first) ? 1 : 3);
        int size = c * h * w;
        if ((long) files.size() * size > Integer.MAX_VALUE - 8) {
            throw new KintsugiException(root + ": " + files.size() + " images of " + c + "x" + h + "x" + w
                    + " are more pixels than one array holds; resize the images or use fewer");
        }
        float[] x = new float[files.size() * size];
        String[] relative = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = i == 0 ? first : load(files.get(i));
            ImagePixels.toPixels(ImagePixels.resized(img, w, h), c, x, i * size);
            relative[i] = root.relativize(files.get(i)).toString().replace('\\', '/');
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Dataset(root.getFileName().toString(), new int[] {c, h, w}, x, y, classNames,
                Map.of("file", relative));
    }

    /** Reads only the header's width and height. */
    private static void checkSize(Path f) {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new KintsugiException(f + ": cannot be read");
            }
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new KintsugiException(f + ": unreadable image (not a PNG or JPEG ImageIO can decode)");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new KintsugiException(f + ": the image is " + w + "x" + h + " pixels; sides up to "
                            + MAX_SIDE + " are read");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof KintsugiException k) {
                throw k;
            }
            throw new KintsugiException(f + ": unreadable image (" + e.getMessage() + ")", e);
        }
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

    /** Sides above this are refused before decoding (as in the IDX reader), so a huge image cannot exhaust memory. */
    static final int MAX_SIDE = IdxReader.MAX_SIDE;

    /**
     * Decodes {@code f} and converts it to 8-bit grey or RGB. ImageIO's decoders and colour conversion
     * answer some malformed files with runtime exceptions (a bad ICC profile, a corrupt JPEG table) rather
     * than IOException; for a file from outside those are bad input too.
     */
    private static BufferedImage load(Path f) {
        checkSize(f);
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new KintsugiException(f + ": unreadable image (not a PNG or JPEG ImageIO can decode)");
            }
            return ImagePixels.normalised(img);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KintsugiException k) {
                throw k;
            }
            throw new KintsugiException(f + ": unreadable image (" + e + ")", e);
        }
    }
}
