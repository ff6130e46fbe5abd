package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads MNIST-style IDX files: an idx3 image file (magic 0x00000803, count, rows, cols, then one
 * unsigned byte per pixel) and an idx1 label file (magic 0x00000801, count, one byte per label).
 *
 * <p>Both headers are validated before anything large is allocated: sides above {@link #MAX_SIDE} or a
 * pixel count above the byte limit are refused at once, and exactly the promised number of bytes is
 * read, so a hostile or corrupt file can neither exhaust memory nor inflate past its header.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    public static final int MAX_SIDE = 4096;
    /** Default limit on the pixel bytes of one image file (the float array is four times that). */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The largest float array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    private IdxReader() {
    }

    /** Images as shape {1, rows, cols} with pixels in [0, 1], labels checked against {@code classNames}. */
    public static Dataset read(String name, Path images, Path labels, List<String> classNames) {
        return read(name, images, labels, classNames, DEFAULT_MAX_BYTES);
    }

    public static Dataset read(String name, Path images, Path labels, List<String> classNames, long maxBytes) {
        try (IdxInput img = IdxInput.open(images); IdxInput lab = IdxInput.open(labels)) {
            ImageHeader header = readImageHeader(img, maxBytes);
            int labelCount = readLabelHeader(lab, maxBytes);
            if (labelCount != header.count()) {
                throw new KintsugiException(images + " holds " + header.count() + " images but " + labels + " holds "
                        + labelCount + " labels; the counts must match");
            }
            int[] y = readLabelBody(lab, labelCount);
            for (int i = 0; i < y.length; i++) {
                if (y[i] >= classNames.size()) {
                    throw new KintsugiException(labels + ": label " + y[i] + " at index " + i + " is out of range 0.."
                            + (classNames.size() - 1) + " for the " + classNames.size() + " class names");
                }
            }
            float[] x = readPixels(img, header);
            return new Dataset(name, new int[] {1, header.rows(), header.cols()}, x, y, classNames);
        }
    }

    /** Only the labels of an idx1 file, for callers that must learn the number of classes first. */
    public static int[] readLabels(Path labels, long maxBytes) {
        try (IdxInput lab = IdxInput.open(labels)) {
            return readLabelBody(lab, readLabelHeader(lab, maxBytes));
        }
    }

    private record ImageHeader(int count, int rows, int cols) {
        long bytes() {
            return (long) count * rows * cols;
        }

        String promise() {
            return "the header promises " + count + " images of " + rows + "x" + cols + " (" + bytes() + " bytes)";
        }
    }

    private static ImageHeader readImageHeader(IdxInput in, long maxBytes) {
        checkMagic(in, in.readInt("magic number"), IMAGES_MAGIC, "an idx3 image file");
        int count = in.readInt("image count");
        int rows = in.readInt("row count");
        int cols = in.readInt("column count");
        if (count <= 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new KintsugiException(in.file() + ": absurd header dimensions: " + count + " images of " + rows + "x"
                    + cols + " (allowed: at least 1 image, sides 1.." + MAX_SIDE + ")");
        }
        ImageHeader header = new ImageHeader(count, rows, cols);
        if (header.bytes() > Math.min(maxBytes, MAX_ARRAY)) {
            throw new KintsugiException(in.file() + ": absurd header dimensions: " + header.promise()
                    + ", above the limit of " + Math.min(maxBytes, MAX_ARRAY) + " bytes");
        }
        return header;
    }

    private static int readLabelHeader(IdxInput in, long maxBytes) {
        checkMagic(in, in.readInt("magic number"), LABELS_MAGIC, "an idx1 label file");
        int count = in.readInt("label count");
        if (count <= 0 || count > Math.min(maxBytes, MAX_ARRAY)) {
            throw new KintsugiException(in.file() + ": absurd header dimensions: " + count + " labels");
        }
        return count;
    }

    private static void checkMagic(IdxInput in, int magic, int expected, String what) {
        if (magic != expected) {
            throw new KintsugiException(String.format("%s: wrong magic number 0x%08x (expected 0x%08x, %s)", in.file(),
                    magic, expected, what));
        }
    }

    private static int[] readLabelBody(IdxInput in, int count) {
        String promise = "the header promises " + count + " labels";
        in.requireAvailable(count, promise);
        byte[] bytes = new byte[count];
        in.readFully(bytes, 0, count, promise);
        in.expectEnd(promise);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private static float[] readPixels(IdxInput in, ImageHeader header) {
        float[] scale = new float[256];
        for (int v = 0; v < 256; v++) {
            scale[v] = v / 255f;
        }
        int total = (int) header.bytes();
        in.requireAvailable(total, header.promise());
        float[] pixels = new float[total];
        byte[] chunk = new byte[CHUNK];
        for (int done = 0; done < total; ) {
            int n = Math.min(CHUNK, total - done);
            in.readFully(chunk, 0, n, header.promise());
            for (int k = 0; k < n; k++) {
                pixels[done + k] = scale[chunk[k] & 0xff];
            }
            done += n;
        }
        in.expectEnd(header.promise());
        return pixels;
    }
}
