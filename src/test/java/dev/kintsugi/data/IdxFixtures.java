package dev.kintsugi.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, so no binary fixtures need to be committed. */
final class IdxFixtures {
    private IdxFixtures() {
    }

    /** Image file with the given header; pixel {@code k} has value {@code k % 256}. */
    static byte[] images(int count, int rows, int cols, int pixelBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int k = 0; k < pixelBytes; k++) {
            out.write(k % 256);
        }
        return bytes.toByteArray();
    }

    static byte[] images(int count, int rows, int cols) throws IOException {
        return images(count, rows, cols, count * rows * cols);
    }

    static byte[] labels(int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.write(l);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] data) throws IOException {
        Files.write(file, data);
        return file;
    }

    /** Labels cycling through {@code numClasses} classes. */
    static int[] cyclicLabels(int count, int numClasses) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % numClasses;
        }
        return labels;
    }

    /**
     * A directory with the four Fashion-MNIST file names (gzipped), holding {@code trainCount} and
     * {@code testCount} tiny 2x3 images over 10 classes.
     */
    static Path fashionMnistDirectory(Path dir, int trainCount, int testCount) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(trainCount, 2, 3)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(cyclicLabels(trainCount, 10))));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(testCount, 2, 3)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(cyclicLabels(testCount, 10))));
        return dir;
    }
}
