package dev.kintsugi.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes greyscale images and labels as an MNIST-style IDX pair that {@link IdxReader} reads back
 * exactly: pixels in [0, 1] are stored as {@code round(255 * v)}, so only data already on that grid
 * (like anything IdxReader loaded) survives unchanged; {@link #fits(Dataset)} says whether it does.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** True if {@code data} is {1, H, W} images whose every pixel is a multiple of 1/255 in [0, 1]. */
    public static boolean fits(Dataset data) {
        int[] shape = data.sampleShape();
        if (shape.length != 3 || shape[0] != 1) {
            return false;
        }
        for (float v : data.featuresView()) {
            if (v < 0 || v > 1 || Math.round(v * 255f) / 255f != v) {
                return false;
            }
        }
        return true;
    }

    public static void write(Dataset data, Path images, Path labels) throws IOException {
        if (!fits(data)) {
            throw new IllegalArgumentException(data.name() + " is not greyscale 8-bit image data");
        }
        int[] shape = data.sampleShape();
        try (DataOutputStream out = stream(images)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(data.size());
            out.writeInt(shape[1]);
            out.writeInt(shape[2]);
            for (float v : data.featuresView()) {
                out.writeByte(Math.round(v * 255f));
            }
        }
        try (DataOutputStream out = stream(labels)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(data.size());
            for (int i = 0; i < data.size(); i++) {
                out.writeByte(data.label(i));
            }
        }
    }

    private static DataOutputStream stream(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
    }
}
