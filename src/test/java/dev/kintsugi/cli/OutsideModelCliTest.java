package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.model.onnx.OnnxImport;
import dev.kintsugi.model.onnx.OnnxModel;
import dev.kintsugi.model.onnx.OnnxProtobuf;
import dev.kintsugi.model.onnx.OnnxRuntimeRunner;
import dev.kintsugi.util.Checksums;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models from outside through the CLI, as a user runs them: evaluate, repair, fine-tune and export, on a small
 * Fashion-MNIST sample (600 training and 400 test-file images), and the one-line errors for bad files.
 */
class OutsideModelCliTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/outside");

    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void smallFashionMnist() throws IOException {
        dev.kintsugi.testing.Resources.require(FashionMnist.isIdxDirectory(FashionMnist.SYSTEM_DIR), "Fashion-MNIST is not installed");
        data = shared.resolve("fashion-small");
        Files.createDirectories(data);
        copyHead("train-images-idx3-ubyte", 600, 16, 784);
        copyHead("train-labels-idx1-ubyte", 600, 8, 1);
        copyHead("t10k-images-idx3-ubyte", 400, 16, 784);
        copyHead("t10k-labels-idx1-ubyte", 400, 8, 1);
    }

    /** The first {@code n} records of an IDX file, with the count in its header changed to {@code n}. */
    private static void copyHead(String name, int n, int header, int record) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FashionMnist.SYSTEM_DIR.resolve(name + ".gz")))) {
            all = in.readNBytes(header + n * record);
        }
        all[4] = (byte) (n >>> 24);
        all[5] = (byte) (n >>> 16);
        all[6] = (byte) (n >>> 8);
        all[7] = (byte) n;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data.resolve(name + ".gz")))) {
            out.write(all);
        }
    }

    private static Path copyOf(String fixture, Path dir) throws IOException {
        Path f = dir.resolve(fixture);
        Files.copy(FIXTURES.resolve(fixture), f);
        return f;
    }

    @Test
    void evaluateImportsAndVerifiesAnOnnxFile(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.onnx", tmp);
        CliTest.Run r = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--verify-import");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("import check: lenet5.onnx, max |Kintsugi - ONNX Runtime|");

        Path csv = tmp.resolve("p.csv");
        CliTest.Run p = CliTest.run("predict", "--model", model.toString(), "--data", data.toString(), "--split",
                "test", "--out", csv.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(Files.readString(Path.of(csv + ".provenance.json"))).contains(Checksums.sha256(model));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "channels-last"})
    void repairWritesTheFixedModelBackAsOnnxThatOnnxRuntimeAgreesWith(String name, @TempDir Path tmp)
            throws IOException {
        Path model = copyOf(name + ".onnx", tmp);
        String before = Checksums.sha256(model);
        Path out = tmp.resolve("fixed");
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "finetune", "--set", "epochs=1", "--attack", "none", "--no-corruptions", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("export: " + out.resolve("model.onnx"));
        assertThat(Checksums.sha256(model)).isEqualTo(before);

        JsonNode sidecar = Json.mapper().readTree(out.resolve("model.onnx.json").toFile());
        assertThat(sidecar.get("original").get("sha256").asText()).isEqualTo(before);
        assertThat(sidecar.get("original").get("file").asText()).endsWith(name + ".onnx");
        assertThat(sidecar.get("sha256").asText()).isEqualTo(Checksums.sha256(out.resolve("model.onnx")));

        // ONNX Runtime on the exported file predicts every test image as Kintsugi's fixed model does.
        Dataset test = DatasetResolver.resolve(data.toString(), 0).test();
        try (SavedModel fixed = ModelStore.load(out.resolve("model"));
             OnnxRuntimeRunner ort = new OnnxRuntimeRunner(out.resolve("model.onnx"))) {
            float[] x = test.featuresView();
            float[] ours = OnnxImport.outputs(fixed.network(), x, test.size());
            float[] theirs = ort.run(OnnxImport.onnxInput(fixed.network(), x, test.size()),
                    OnnxImport.onnxShape(fixed.network(), test.size()));
            int k = 10;
            int agree = 0;
            int correctOurs = 0;
            int correctTheirs = 0;
            for (int i = 0; i < test.size(); i++) {
                int a = argMax(ours, i * k, k);
                int b = argMax(theirs, i * k, k);
                agree += a == b ? 1 : 0;
                correctOurs += a == test.label(i) ? 1 : 0;
                correctTheirs += b == test.label(i) ? 1 : 0;
            }
            assertThat(agree).isEqualTo(test.size());
            assertThat(correctTheirs).isEqualTo(correctOurs);
        }
    }

    private static int argMax(float[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void trainFineTunesAnOnnxFileAndExportsIt(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.onnx", tmp);
        Path out = tmp.resolve("ft");
        CliTest.Run r = CliTest.run("train", "--init", model.toString(), "--data", data.toString(), "--epochs", "1",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("model.onnx")).exists();
        assertThat(Json.mapper().readTree(out.resolve("spec.json").toFile()).get("architecture").asText())
                .isEqualTo("onnx");
    }

    @Test
    void torchScriptToARepairSaysWhatItNeedsInOneLine(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.pt", tmp);
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "arachne", "--out", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("needs an ONNX file or a Kintsugi model directory");
    }

    @Test
    void badOnnxFilesEachGiveOneLine(@TempDir Path tmp) throws IOException {
        byte[] good = Files.readAllBytes(FIXTURES.resolve("lenet5.onnx"));
        OnnxModel m = OnnxProtobuf.read(good, "lenet5.onnx");

        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 1000));
        Path unsupported = tmp.resolve("unsupported.onnx");
        List<OnnxModel.Node> nodes = new ArrayList<>(m.nodes());
        OnnxModel.Node relu = nodes.stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow();
        nodes.set(nodes.indexOf(relu), new OnnxModel.Node("my_gelu", "Gelu", null, relu.inputs(), relu.outputs(),
                List.of()));
        Files.write(unsupported, OnnxProtobuf.write(new OnnxModel(m.irVersion(), m.opsets(), m.producer(),
                m.graphName(), nodes, m.initializers(), m.inputs(), m.outputs())));
        Path dynamic = tmp.resolve("dynamic.onnx");
        OnnxModel.Value in = m.inputs().get(0);
        Files.write(dynamic, OnnxProtobuf.write(new OnnxModel(m.irVersion(), m.opsets(), m.producer(), m.graphName(),
                m.nodes(), m.initializers(), List.of(new OnnxModel.Value(in.name(), in.elemType(),
                List.of("batch", "1", "height", "width"))), m.outputs())));

        for (Object[] c : new Object[][] {
                {truncated, "truncated"},
                {unsupported, "unsupported ONNX operator Gelu in node 'my_gelu'"},
                {dynamic, "--input-shape"}}) {
            Path f = (Path) c[0];
            byte[] before = Files.readAllBytes(f);
            CliTest.Run r = CliTest.run("evaluate", "--model", f.toString(), "--data", data.toString());
            assertThat(r.exit()).as(f.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains((String) c[1]);
            assertThat(Files.readAllBytes(f)).isEqualTo(before);
        }
        // A pinned shape makes the dynamic one work.
        CliTest.Run pinned = CliTest.run("evaluate", "--model", dynamic.toString(), "--input-shape", "1,28,28",
                "--data", data.toString());
        assertThat(pinned.exit()).as(pinned.err()).isZero();

        // Output count differs from the dataset's classes.
        CliTest.Run classes = CliTest.run("repair", "--model", FIXTURES.resolve("lenet5.onnx").toString(), "--data",
                "german-credit", "--approach", "finetune", "--out", tmp.resolve("r").toString());
        assertThat(classes.exit()).isEqualTo(2);
        assertThat(classes.err().strip().lines()).hasSize(1);
    }
}
