package dev.kintsugi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.SplitsDirectory;
import dev.kintsugi.model.InputDeclaration;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Every reader that takes outside files, fed arbitrary bytes. The one allowed failure is a
 * {@link KintsugiException} (the CLI's one-line error); anything else that escapes (a NullPointerException,
 * an index out of bounds, an OutOfMemoryError, a hang) is a finding.
 *
 * <p>Under plain JUnit (no {@code JAZZER_FUZZ}) each target replays its committed corpus in
 * {@code src/test/resources/dev/kintsugi/ReaderFuzzTestInputs/<target>/}: seeds made by
 * {@code FuzzSeeds} plus every input fuzzing ever crashed on. {@code bench/fuzz.sh} fuzzes them.
 *
 * <p>The targets live in package {@code dev.kintsugi} so that Jazzer's default instrumentation (the fuzz
 * test's package and below) covers every reader. Inputs that hold two files split them at the first NUL
 * byte (JSON and CSV never contain one), so seeds are readable files joined by one byte.
 */
class ReaderFuzzTest {
    /** Data for the dataset readers is resolved with one fixed split seed: fuzzing must be deterministic. */
    private static final long SEED = 1;

    @FuzzTest
    void idxDirectory(byte[] input) {
        // [2-byte labels length][labels file][images file]; the same pair serves as train and test file
        int n = input.length < 2 ? 0 : Math.min(((input[0] & 0xff) << 8) | (input[1] & 0xff), input.length - 2);
        byte[] labels = Arrays.copyOfRange(input, Math.min(2, input.length), Math.min(2, input.length) + n);
        byte[] images = Arrays.copyOfRange(input, Math.min(2, input.length) + n, input.length);
        withFolder(dir -> {
            write(dir.resolve(FashionMnist.FILES.get(0)), images);
            write(dir.resolve(FashionMnist.FILES.get(1)), labels);
            write(dir.resolve(FashionMnist.FILES.get(2)), images);
            write(dir.resolve(FashionMnist.FILES.get(3)), labels);
            DatasetResolver.resolve(dir.toString(), SEED);
        });
    }

    @FuzzTest
    void csv(byte[] input) {
        tabular(input, ".csv");
    }

    @FuzzTest
    void arff(byte[] input) {
        tabular(input, ".arff");
    }

    /** [mode][file]: mode 0 the file as it is, 1 the bytes named .gz as they are, 2 the bytes gzipped. */
    private static void tabular(byte[] input, String extension) {
        int mode = input.length == 0 ? 0 : (input[0] & 0xff) % 3;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        withFolder(dir -> {
            Path file = dir.resolve("d" + extension + (mode == 0 ? "" : ".gz"));
            write(file, mode == 2 ? gzip(body) : body);
            DatasetResolver.resolve(file.toString(), SEED);
        });
    }

    /** [mode][image]: the image as .png (even mode) or .jpg, once in each of two class folders. */
    @FuzzTest
    void imageFolder(byte[] input) {
        String extension = input.length > 0 && (input[0] & 1) == 1 ? ".jpg" : ".png";
        byte[] image = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        withFolder(dir -> {
            for (String c : List.of("cat", "dog")) {
                Files.createDirectories(dir.resolve(c));
                write(dir.resolve(c).resolve("0" + extension), image);
            }
            DatasetResolver.resolve(dir.toString(), SEED);
        });
    }

    /** [splits.json] NUL [csv]: the manifest, and one CSV written as all four splits. */
    @FuzzTest
    void splitsDirectory(byte[] input) {
        byte[][] parts = splitAtNul(input);
        withFolder(dir -> {
            write(dir.resolve(SplitsDirectory.MANIFEST), parts[0]);
            for (String split : List.of("train", "valid", "repair", "test")) {
                write(dir.resolve(split + ".csv"), parts[1]);
            }
            DatasetResolver.resolve(dir.toString(), SEED);
        });
    }

    /** [spec.json] NUL [parameters.bin]: a model folder without provenance. */
    @FuzzTest
    void modelDirectory(byte[] input) {
        byte[][] parts = splitAtNul(input);
        withFolder(dir -> {
            write(dir.resolve(ModelStore.SPEC), parts[0]);
            write(dir.resolve(ModelStore.PARAMETERS), parts[1]);
            try (SavedModel m = ModelStore.load(dir)) {
                m.network().spec();
            }
        });
    }

    @FuzzTest
    void onnxImport(byte[] input) {
        withFolder(dir -> {
            Path file = dir.resolve("model.onnx");
            write(file, input);
            try (SavedModel m = ModelStore.load(file)) {
                m.network().spec();
            }
        });
    }

    /** A TorchScript or ONNX file's declaration, {@code FILE.json}. */
    @FuzzTest
    void inputDeclaration(byte[] input) {
        withFolder(dir -> {
            write(dir.resolve("model.pt.json"), input);
            InputDeclaration d = InputDeclaration.besides(dir.resolve("model.pt"));
            d.classNames().size();
        });
    }

    @FunctionalInterface
    interface Body {
        void run(Path dir) throws IOException;
    }

    /** Runs {@code body} in a fresh folder, removed afterwards; a KintsugiException is the allowed outcome. */
    private static void withFolder(Body body) {
        Path dir;
        try {
            dir = Files.createTempDirectory("kintsugi-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            body.run(dir);
        } catch (KintsugiException expected) {
            // bad input, reported in one line: what a reader must do
        } catch (IOException e) {
            throw new UncheckedIOException("the harness could not write its files", e);
        } finally {
            delete(dir);
        }
    }

    static byte[][] splitAtNul(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == 0) {
                return new byte[][] {Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i + 1, input.length)};
            }
        }
        return new byte[][] {input, new byte[0]};
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
