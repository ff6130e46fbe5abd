package dev.kintsugi.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Fixtures: tools/make_outside_models.py (python3-torch), models trained in PyTorch and exported there. */
class OnnxImportTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/outside");

    static JsonNode expected() throws IOException {
        return Json.mapper().readTree(DIR.resolve("expected.json").toFile());
    }

    /** The 8 probe images, NCHW, in [0, 1]. */
    static float[] probe() throws IOException {
        JsonNode pixels = expected().get("pixels");
        float[] x = new float[8 * 784];
        int i = 0;
        for (JsonNode row : pixels) {
            for (JsonNode p : row) {
                x[i++] = p.asInt() / 255f;
            }
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "channels-last"})
    void importedNetworkComputesWhatPyTorchComputed(String name) throws IOException {
        JsonNode want = expected().get("models").get(name).get("outputs");
        try (Network net = OnnxImport.load(DIR.resolve(name + ".onnx"), OnnxImport.Hints.NONE)) {
            assertThat(net.inputShape()).containsExactly(1, 28, 28);
            assertThat(net.numClasses()).isEqualTo(10);
            float[] out = OnnxImport.outputs(net, probe(), 8);
            int i = 0;
            for (JsonNode row : want) {
                for (JsonNode v : row) {
                    assertThat(out[i++]).as(name + " output " + (i - 1)).isCloseTo((float) v.asDouble(), within(1e-4f));
                }
            }
            assertThat(OnnxImport.maxDifference(net, DIR.resolve(name + ".onnx"), 4, 1)).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void layersAreTheOnesRepairApproachesKnow() {
        try (Network net = OnnxImport.load(DIR.resolve("lenet5.onnx"), OnnxImport.Hints.NONE)) {
            assertThat(net.layers()).extracting(Layer::kind).containsExactly("Conv2d", "ReLU", "MaxPool", "Conv2d",
                    "ReLU", "MaxPool", "Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear");
            assertThat(net.headIndex()).isEqualTo(11);
            // the imported Flatten is the zoo's batchFlatten: the dense tail (REASSURE, VeRe) starts after it
            assertThat(net.layers().get(6).isFlatten()).isTrue();
            assertThat(dev.kintsugi.repair.bounds.DenseTail.defaultSplit(net)).isEqualTo(7);
            assertThat(net.parameterCount()).isEqualTo(6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84
                    + 84 * 10 + 10);
        }
        try (Network net = OnnxImport.load(DIR.resolve("resnet.onnx"), OnnxImport.Hints.NONE)) {
            // The residual block (two convs, two batch norms and the Add) is one layer; the ReLU after it another.
            assertThat(net.layers()).extracting(Layer::kind).containsExactly("Conv2d", "ReLU", "BatchNorm",
                    "OnnxSubgraph", "ReLU", "GlobalAveragePool", "Flatten", "Linear");
        }
        try (Network net = OnnxImport.load(DIR.resolve("channels-last.onnx"), OnnxImport.Hints.NONE)) {
            assertThat(net.layers().get(0).kind()).isEqualTo("ToChannelsLast");
            assertThat(net.layers().get(net.headIndex()).kind()).isEqualTo("Linear");
            assertThat(net.layers().get(net.layers().size() - 1).kind()).isEqualTo("Linear");
            // Keras flattens with a Reshape: the dense tail (REASSURE, VeRe) starts after it all the same
            assertThat(net.layers().get(6).kind()).isEqualTo("Reshape");
            assertThat(dev.kintsugi.repair.bounds.DenseTail.defaultSplit(net)).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet", "channels-last"})
    void exportWritesTheSameModelBackWithChangedWeights(String name, @TempDir Path tmp) throws IOException {
        try (Network net = OnnxImport.load(DIR.resolve(name + ".onnx"), OnnxImport.Hints.NONE)) {
            int head = net.headIndex();
            float[] w = net.parameterValues(head, "weight");
            for (int i = 0; i < w.length; i += 7) {
                w[i] += 0.05f;
            }
            net.setParameterValues(head, "weight", w);
            Path out = tmp.resolve("fixed.onnx");
            OnnxExport.write(net, out);
            assertThat(OnnxImport.maxDifference(net, out, 4, 2)).isLessThanOrEqualTo(1e-4);
            assertThat(OnnxImport.maxDifference(net, DIR.resolve(name + ".onnx"), 4, 2)).isGreaterThan(1e-4);
            try (Network back = OnnxImport.load(out, OnnxImport.Hints.NONE)) {
                assertThat(back.flatParameters()).containsExactly(net.flatParameters());
            }
            assertThatThrownBy(() -> OnnxExport.write(net, out)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("already exists");
        }
    }

    @Test
    void savedAndReloadedThroughTheSpecItRebuildsTheSameNetwork() {
        try (Network net = OnnxImport.load(DIR.resolve("resnet.onnx"), OnnxImport.Hints.NONE); Network copy = net.copy()) {
            assertThat(copy.spec()).isEqualTo(net.spec());
            assertThat(copy.flatParameters()).containsExactly(net.flatParameters());
        }
    }

    @Test
    void badFilesGiveOneLineErrorsAndAreNotChanged(@TempDir Path tmp) throws IOException {
        byte[] original = Files.readAllBytes(DIR.resolve("lenet5.onnx"));
        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(original, original.length / 3));
        assertThatThrownBy(() -> OnnxImport.load(truncated, OnnxImport.Hints.NONE)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("truncated").hasMessageNotContaining("\n");
        Path text = tmp.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        assertThatThrownBy(() -> OnnxImport.load(text, OnnxImport.Hints.NONE)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("not an ONNX model");
        assertThat(Files.readAllBytes(truncated)).hasSize(original.length / 3);
        assertThat(Files.readString(text)).isEqualTo("this is not a model\n");
    }
}
