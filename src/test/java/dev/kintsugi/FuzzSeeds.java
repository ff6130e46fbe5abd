package dev.kintsugi;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.Provenance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the valid seed inputs of {@link ReaderFuzzTest} and {@code AnswerParserFuzzTest}: one small,
 * well-formed file per reader (in the harness's layout), from which fuzzing mutates. Run by
 * {@code bench/fuzz.sh --seeds}; the output is committed under src/test/resources, next to the crash
 * inputs fuzzing found.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path reader = resources.resolve("dev/kintsugi/ReaderFuzzTestInputs");
        write(reader.resolve("idxDirectory/seed-two-classes"), idxInput());
        write(reader.resolve("csv/seed-plain"), concat(new byte[] {0}, csvText().getBytes(StandardCharsets.UTF_8)));
        write(reader.resolve("csv/seed-gzip"), concat(new byte[] {1}, gzip(csvText().getBytes(StandardCharsets.UTF_8))));
        write(reader.resolve("arff/seed-plain"), concat(new byte[] {0}, arffText().getBytes(StandardCharsets.UTF_8)));
        write(reader.resolve("imageFolder/seed-png"), concat(new byte[] {0}, image("png")));
        write(reader.resolve("imageFolder/seed-jpg"), concat(new byte[] {1}, image("jpg")));
        write(reader.resolve("splitsDirectory/seed-csv"), joined(splitsManifest(), splitCsv()));
        byte[][] model = model();
        write(reader.resolve("modelDirectory/seed-mlp"), joined(model[0], model[1]));
        // the smallest committed ONNX fixture (made by tools/ from PyTorch): Kintsugi exports only imported models
        write(reader.resolve("onnxImport/seed-resnet"), Files.readAllBytes(resources.resolve("fixtures/outside/resnet.onnx")));
        write(reader.resolve("inputDeclaration/seed"), ("{\"inputShape\": [1, 4, 4], \"classNames\": [\"cat\", \"dog\"],"
                + " \"normalization\": {\"mean\": 0.5, \"std\": 0.25}, \"bounds\": [0, 1]}").getBytes(StandardCharsets.UTF_8));
        Path answers = resources.resolve("dev/kintsugi/failures/adapters/AnswerParserFuzzTestInputs/answer");
        write(answers.resolve("seed-json"), utf8("Sure! ```json\n[\"desert\", {\"background\": \"snowy forest\"}]\n```"));
        write(answers.resolve("seed-list"), utf8("Here are some:\n1. **Beach** - sand and sea\n2) In the sky\n- a kitchen"));
        write(answers.resolve("seed-sentence"), utf8("Backgrounds: grass, rocks; water and a city street."));
    }

    /** [labels length][IDX labels][IDX images]: 20 4x4 images of two classes. */
    static byte[] idxInput() throws IOException {
        int n = 20;
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(labels);
        l.writeInt(0x00000801);
        l.writeInt(n);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream im = new DataOutputStream(images);
        im.writeInt(0x00000803);
        im.writeInt(n);
        im.writeInt(4);
        im.writeInt(4);
        for (int i = 0; i < n; i++) {
            l.writeByte(i % 2);
            for (int p = 0; p < 16; p++) {
                im.writeByte((i % 2) * 200 + p);
            }
        }
        byte[] lb = labels.toByteArray();
        return concat(new byte[] {(byte) (lb.length >> 8), (byte) lb.length}, concat(lb, images.toByteArray()));
    }

    static String csvText() {
        StringBuilder sb = new StringBuilder("a,b,colour,label\n");
        for (int i = 0; i < 24; i++) {
            sb.append(String.format(Locale.ROOT, "%.2f,%d,%s,%s%n", i * 0.5, i % 5, i % 3 == 0 ? "red" : "blue",
                    i % 2 == 0 ? "yes" : "no"));
        }
        return sb.toString();
    }

    static String arffText() {
        StringBuilder sb = new StringBuilder("% seed\n@relation seed\n@attribute a numeric\n@attribute 'b c' {x,y}\n"
                + "@attribute class {good,bad}\n@data\n");
        for (int i = 0; i < 24; i++) {
            sb.append(String.format(Locale.ROOT, "%.1f,%s,%s%n", i * 1.5, i % 3 == 0 ? "x" : "y", i % 2 == 0 ? "good" : "bad"));
        }
        sb.append("?,x,good\n");
        return sb.toString();
    }

    static byte[] image(String format) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 2; y++) {
                img.setRGB(x, y, (x * 80) << 16 | (y * 120) << 8 | 40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] splitsManifest() {
        return utf8("{\"format\": \"kintsugi-splits/1\", \"source\": \"seed\", \"classNames\": [\"a\", \"b\"],"
                + " \"sampleShape\": [2], \"encoding\": \"csv\", \"attributes\": [], \"splits\": {"
                + "\"train\": {\"samples\": 4}, \"valid\": {\"samples\": 4}, \"repair\": {\"samples\": 4},"
                + " \"test\": {\"samples\": 4}}}");
    }

    static byte[] splitCsv() {
        return utf8("f0,f1,label\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,0\n0.7,0.8,1\n");
    }

    /** spec.json and parameters.bin of a small MLP. */
    static byte[][] model() throws IOException {
        float[] x = new float[12 * 3];
        int[] y = new int[12];
        for (int i = 0; i < 12; i++) {
            y[i] = i % 2;
            for (int f = 0; f < 3; f++) {
                x[i * 3 + f] = y[i] + 0.1f * f;
            }
        }
        Dataset d = new Dataset("seed", new int[] {3}, x, y, List.of("cat", "dog"));
        Path dir = Files.createTempDirectory("kintsugi-seed");
        try (Network n = Network.create(ModelZoo.specFor("mlp", Map.of("hidden", "4"), d, true), 0)) {
            Path m = dir.resolve("m");
            ModelStore.save(n, Provenance.of("seed", "FuzzSeeds"), m, false);
            return new byte[][] {Files.readAllBytes(m.resolve(ModelStore.SPEC)),
                    Files.readAllBytes(m.resolve(ModelStore.PARAMETERS))};
        }
    }

    private static byte[] joined(byte[] first, byte[] second) {
        return concat(concat(first, new byte[] {0}), second);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
