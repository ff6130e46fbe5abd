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

        onnxRuntimePredictsEveryTestImageAsKintsugi(out);
    }

    /**
     * REASSURE's patch network is written into the ONNX graph as nodes of its own, so the repair is exported
     * like any other, and ONNX Runtime predicts the test split as the patched network does. The patch sits on the
     * last hidden layer (split 9, 120 inputs): its LPs take seconds there, where the whole dense tail's can take
     * minutes each.
     */
    @Test
    void reassureRepairsAnOnnxFileAndWritesItsPatchIntoTheGraph(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.onnx", tmp);
        String before = Checksums.sha256(model);
        Path out = tmp.resolve("fixed");
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "reassure", "--set", "points=3", "--set", "split=9", "--attack", "none", "--no-corruptions", "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("export: " + out.resolve("model.onnx"));
        assertThat(Checksums.sha256(model)).isEqualTo(before);
        assertThat(Json.mapper().readTree(out.resolve("model.onnx.json").toFile()).get("onnxRuntimeMaxDifference")
                .asDouble()).isLessThanOrEqualTo(1e-4);
        onnxRuntimePredictsEveryTestImageAsKintsugi(out);
    }

    /** ONNX Runtime on the exported file predicts every test image as Kintsugi's fixed model does. */
    private static void onnxRuntimePredictsEveryTestImageAsKintsugi(Path out) {
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

    /**
     * A LeNet-5 trained in PyTorch (tools/make_outside_models.py) as TorchScript: evaluate, repair with finetune,
     * export back as TorchScript, reload the export as a user's .pt (audit included, its sidecar as the input
     * declaration): the same prediction on every test image as the repaired model, and the original file untouched.
     */
    @Test
    void torchScriptIsEvaluatedRepairedAndWrittenBackAsTorchScript(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.pt", tmp);
        copyOf("lenet5.pt.json", tmp);
        byte[] original = Files.readAllBytes(model);
        CliTest.Run e = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--attack",
                "none", "--no-corruptions");
        assertThat(e.exit()).as(e.err()).isZero();

        Path out = tmp.resolve("fixed");
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "finetune", "--set", "epochs=1", "--attack", "none", "--no-corruptions", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("export: " + out.resolve("model.pt"));
        assertThat(Files.readAllBytes(model)).isEqualTo(original);

        Path exported = out.resolve("model.pt");
        JsonNode sidecar = Json.mapper().readTree(Path.of(exported + ".json").toFile());
        assertThat(sidecar.get("format").asText()).isEqualTo("torchscript");
        assertThat(sidecar.get("original").get("sha256").asText()).isEqualTo(Checksums.sha256(model));
        assertThat(sidecar.get("original").get("file").asText()).endsWith("lenet5.pt");
        assertThat(sidecar.get("sha256").asText()).isEqualTo(Checksums.sha256(exported));
        assertThat(Files.readString(out.resolve("model").resolve(ModelStore.PROVENANCE)))
                .contains(Checksums.sha256(model));

        Dataset test = DatasetResolver.resolve(data.toString(), 0).test();
        float[] x = test.featuresView();
        try (SavedModel fixed = ModelStore.load(out.resolve("model"));
             dev.kintsugi.model.OpenedClassifier back = dev.kintsugi.model.OpenedClassifier.open(exported, null);
             dev.kintsugi.model.OpenedClassifier before = dev.kintsugi.model.OpenedClassifier.open(model, null)) {
            assertThat(back.classifier()).isInstanceOf(dev.kintsugi.model.TorchScriptClassifier.class);
            float[] ours = logits(fixed.network(), x, test.size());
            float[] theirs = logits(back.classifier(), x, test.size());
            float[] unrepaired = logits(before.classifier(), x, test.size());
            double maxDiff = 0;
            double changed = 0;
            for (int i = 0; i < ours.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
                changed = Math.max(changed, Math.abs(ours[i] - unrepaired[i]));
            }
            assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
            // the repair changed the model, so agreeing with the export is not agreeing with the original
            assertThat(changed).isGreaterThan(1e-3);
            for (int i = 0; i < test.size(); i++) {
                assertThat(argMax(theirs, i * 10, 10)).isEqualTo(argMax(ours, i * 10, 10));
            }
        }
    }

    /**
     * lenet5-head.pt declares its output layer (tools/make_torchscript_head.py), so a last-layer approach runs on
     * it: arachne changes only that layer, and the TorchScript written back predicts as the repaired model does.
     */
    @Test
    void aLastLayerApproachRepairsTorchScriptWithADeclaredHead(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5-head.pt", tmp);
        copyOf("lenet5-head.pt.json", tmp);
        byte[] original = Files.readAllBytes(model);
        Path out = tmp.resolve("fixed");
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "arachne", "--set", "population=20", "--set", "generations=10", "--attack", "none",
                "--no-corruptions", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(model)).isEqualTo(original);

        JsonNode diff = Json.mapper().readTree(out.resolve("model").resolve("diff.json").toFile());
        long changedInBody = 0;
        long changedInHead = 0;
        for (JsonNode p : diff.get("parameters")) {
            if (p.get("layer").asInt() == 0) {
                changedInBody += p.get("changed").asLong();
            } else {
                changedInHead += p.get("changed").asLong();
            }
        }
        assertThat(changedInBody).isZero();
        assertThat(changedInHead).isPositive();

        Path exported = out.resolve("model.pt");
        assertThat(Json.mapper().readTree(Path.of(exported + ".json").toFile()).get("head").asText())
                .isEqualTo("classifier.5");
        Dataset test = DatasetResolver.resolve(data.toString(), 0).test();
        float[] x = test.featuresView();
        try (SavedModel fixed = ModelStore.load(out.resolve("model"));
             dev.kintsugi.model.OpenedClassifier back = dev.kintsugi.model.OpenedClassifier.open(exported, null)) {
            float[] ours = logits(fixed.network(), x, test.size());
            float[] theirs = logits(back.classifier(), x, test.size());
            for (int i = 0; i < test.size(); i++) {
                assertThat(argMax(theirs, i * 10, 10)).isEqualTo(argMax(ours, i * 10, 10));
            }
        }
    }

    private static float[] logits(dev.kintsugi.model.Classifier c, float[] x, int n) {
        try (ai.djl.ndarray.NDManager m = c.manager().newSubManager()) {
            return c.forward(m.create(x, c.batchShape(n)), false).toFloatArray();
        }
    }

    @Test
    void torchScriptCannotBeExportedAsOnnxAndSaysSoBeforeRepairing(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.pt", tmp);
        copyOf("lenet5.pt.json", tmp);
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "finetune", "--export", "onnx", "--out", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--export onnx needs a model imported from ONNX").contains("TorchScript");
        assertThat(tmp.resolve("x")).doesNotExist();

        Path onnx = copyOf("lenet5.onnx", tmp);
        CliTest.Run o = CliTest.run("repair", "--model", onnx.toString(), "--data", data.toString(), "--approach",
                "finetune", "--export", "torchscript", "--out", tmp.resolve("y").toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).contains("--export torchscript needs a TorchScript model as input");
        assertThat(tmp.resolve("y")).doesNotExist();

        // REASSURE's patch is a layer of its own, which a TorchScript module cannot take: refused before any work
        Path head = copyOf("lenet5-head.pt", tmp);
        copyOf("lenet5-head.pt.json", tmp);
        CliTest.Run p = CliTest.run("repair", "--model", head.toString(), "--data", data.toString(), "--approach",
                "reassure", "--out", tmp.resolve("z").toString());
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err().strip().lines()).hasSize(1);
        assertThat(p.err()).contains("reassure adds layers to the model").contains("--export torchscript")
                .contains("--export none");
        assertThat(tmp.resolve("z")).doesNotExist();
    }

    @Test
    void trainFineTunesATorchScriptFileAndWritesItBackAsTorchScript(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.pt", tmp);
        copyOf("lenet5.pt.json", tmp);
        byte[] original = Files.readAllBytes(model);
        Path out = tmp.resolve("ft");
        CliTest.Run r = CliTest.run("train", "--init", model.toString(), "--data", data.toString(), "--epochs", "1",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(model)).isEqualTo(original);
        assertThat(Json.mapper().readTree(out.resolve("spec.json").toFile()).get("architecture").asText())
                .isEqualTo("torchscript");
        JsonNode sidecar = Json.mapper().readTree(out.resolve("model.pt.json").toFile());
        assertThat(sidecar.get("original").get("sha256").asText()).isEqualTo(Checksums.sha256(model));
        assertThat(sidecar.get("check").get("reloadMaxDifference").asDouble()).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void torchScriptToARepairSaysWhatItNeedsInOneLine(@TempDir Path tmp) throws IOException {
        Path model = copyOf("lenet5.pt", tmp);
        copyOf("lenet5.pt.json", tmp);
        CliTest.Run r = CliTest.run("repair", "--model", model.toString(), "--data", data.toString(), "--approach",
                "arachne", "--out", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("arachne needs the output layer").contains("--head-layer")
                .contains("torch.onnx.export");
        // apricot needs more than the output layer (a fresh copy of the architecture): a head does not help it
        Path withHead = copyOf("lenet5-head.pt", tmp);
        copyOf("lenet5-head.pt.json", tmp);
        CliTest.Run a = CliTest.run("repair", "--model", withHead.toString(), "--data", data.toString(), "--approach",
                "apricot", "--out", tmp.resolve("y").toString());
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err().strip().lines()).hasSize(1);
        assertThat(a.err()).contains("apricot needs every layer");
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
