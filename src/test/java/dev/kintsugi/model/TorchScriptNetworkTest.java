package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TorchScript module as a trainable {@link Network}. The fixture lenet5.pt is a LeNet-5 trained in PyTorch by
 * tools/make_outside_models.py (python3-torch).
 */
class TorchScriptNetworkTest {
    static final Path LENET = Path.of("src/test/resources/fixtures/outside/lenet5.pt");

    static float[] inputs(int n, long seed) {
        float[] x = new float[n * 28 * 28];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    static float[] logits(Classifier c, float[] x, int n) {
        try (NDManager m = c.manager().newSubManager()) {
            return c.forward(m.create(x, c.batchShape(n)), false).toFloatArray();
        }
    }

    @Test
    void givesTheSameLogitsAsTheEvaluationOnlyClassifierAndItsParametersAreTheModules() {
        float[] x = inputs(4, 1);
        try (Network net = Network.torchScript(LENET, InputDeclaration.besides(LENET));
             TorchScriptClassifier ts = TorchScriptClassifier.load(LENET, InputDeclaration.besides(LENET))) {
            assertThat(logits(net, x, 4)).containsExactly(logits(ts, x, 4));
            assertThat(net.isTorchScript()).isTrue();
            assertThat(net.layers()).hasSize(1);
            // LeNet-5: 2 convolutions and 3 linear layers, a weight and a bias each
            assertThat(net.layers().get(0).parameters()).hasSize(10);
            assertThat(net.parameterCount()).isEqualTo(6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84
                    + 84 * 10 + 10);
            assertThat(net.trainableParameters()).hasSize(10);
        }
    }

    @Test
    void aTrainingStepChangesTheModuleAndItsArchiveCarriesTheChange() throws Exception {
        float[] x = inputs(8, 2);
        try (Network net = Network.torchScript(LENET, InputDeclaration.besides(LENET))) {
            float[] before = logits(net, x, 8);
            try (NDManager m = net.manager().newSubManager()) {
                NDArray in = m.create(x, net.batchShape(8));
                try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                    NDArray loss = Losses.crossEntropy(net.forward(in, true), m.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7}),
                            null);
                    gc.backward(loss);
                }
                for (var p : net.trainableParameters()) {
                    NDArray w = p.getValue().getArray();
                    try (NDArray g = w.getGradient()) {
                        w.subi(g.mul(0.5f));
                    }
                }
            }
            float[] after = logits(net, x, 8);
            assertThat(after).isNotEqualTo(before);
            try (Network copy = net.copy()) {
                assertThat(logits(copy, x, 8)).containsExactly(after);
            }
            byte[] archive = net.torchScriptArchive();
            try (Network back = Network.load(net.spec(), new ByteArrayInputStream(archive))) {
                assertThat(logits(back, x, 8)).containsExactly(after);
            }
        }
    }

    /**
     * tiny-bn.pt is scripted (tools/make_torchscript_head.py), so training mode reaches its batch norm: a forward
     * pass in training mode updates the running statistics, which are buffers, not parameters; the archive carries
     * them, and eval mode afterwards uses them.
     */
    @Test
    void trainingModeReachesBatchNormAndTheArchiveCarriesItsStatistics() throws Exception {
        Path bn = Path.of("src/test/resources/fixtures/outside/tiny-bn.pt");
        float[] x = inputs(8, 4);
        try (Network net = Network.torchScript(bn, InputDeclaration.besides(bn))) {
            // conv weight and bias, batch-norm gamma and beta, linear weight and bias: no running statistics
            assertThat(net.trainableParameters()).hasSize(6);
            float[] before = logits(net, x, 8);
            assertThat(logits(net, x, 8)).containsExactly(before);
            try (NDManager m = net.manager().newSubManager()) {
                net.forward(m.create(x, net.batchShape(8)), true);
            }
            float[] after = logits(net, x, 8);
            assertThat(after).isNotEqualTo(before);
            try (Network back = Network.load(net.spec(), new ByteArrayInputStream(net.torchScriptArchive()))) {
                assertThat(logits(back, x, 8)).containsExactly(after);
            }
        }
    }

    @Test
    void whatNeedsLayersRefusesInOneLine() {
        try (Network net = Network.torchScript(LENET, InputDeclaration.besides(LENET));
             NDManager m = net.manager().newSubManager()) {
            assertThatThrownBy(() -> net.features(m.zeros(net.batchShape(1))))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("TorchScript")
                    .hasMessageContaining("torch.onnx.export").message().doesNotContain("\n");
            assertThatThrownBy(net::headIndex).isInstanceOf(KintsugiException.class);
        }
    }

    /** lenet5-head.pt: the same LeNet-5 with a penultimate(x) method (tools/make_torchscript_head.py). */
    static final Path HEAD = Path.of("src/test/resources/fixtures/outside/lenet5-head.pt");

    private static InputDeclaration withHead(InputDeclaration d, String head) {
        return new InputDeclaration(d.inputShape(), d.classNames(), d.normalization(), d.bounds(), head);
    }

    @Test
    void aDeclaredHeadIsTheModulesOwnOutputLayer() throws Exception {
        float[] x = inputs(4, 3);
        try (Network net = Network.torchScript(HEAD, InputDeclaration.besides(HEAD));
             TorchScriptClassifier plain = TorchScriptClassifier.load(LENET, InputDeclaration.besides(LENET));
             NDManager m = net.manager().newSubManager()) {
            assertThat(InputDeclaration.besides(HEAD).head()).isEqualTo("classifier.5");
            assertThat(net.layers()).extracting(Layer::kind).containsExactly("TorchScript", "Linear");
            assertThat(net.headIndex()).isEqualTo(1);
            assertThat(net.layers().get(1).parameters()).extracting(Layer.ParameterInfo::name)
                    .containsExactly("weight", "bias");
            assertThat(net.layers().get(1).parameters().get(0).shape()).containsExactly(10, 84);
            assertThat(net.layers().get(0).parameters()).hasSize(8);
            float[] full = logits(net, x, 4);
            float[] lenet = logits(plain, x, 4);
            float[] viaHead = net.forwardFrom(1, net.features(m.create(x, net.batchShape(4))), false).toFloatArray();
            assertThat(net.features(m.create(x, net.batchShape(4))).getShape().getShape()).containsExactly(4, 84);
            for (int i = 0; i < full.length; i++) {
                assertThat(full[i]).isCloseTo(lenet[i], org.assertj.core.api.Assertions.within(1e-5f));
                assertThat(viaHead[i]).isCloseTo(full[i], org.assertj.core.api.Assertions.within(1e-5f));
            }

            // the head's values are the module's tensors: changing one bias moves that class's logit in forward
            float[] b = net.parameterValues(1, "bias");
            b[3] += 5f;
            net.setParameterValues(1, "bias", b);
            float[] after = logits(net, x, 4);
            for (int i = 0; i < after.length; i++) {
                assertThat(after[i] - full[i]).isCloseTo(i % 10 == 3 ? 5f : 0f,
                        org.assertj.core.api.Assertions.within(1e-4f));
            }
            try (Network back = Network.load(net.spec(), new ByteArrayInputStream(net.torchScriptArchive()))) {
                assertThat(back.headIndex()).isEqualTo(1);
                assertThat(logits(back, x, 4)).containsExactly(after);
            }
        }
    }

    @Test
    void aWrongHeadIsAOneLineError() {
        InputDeclaration d = InputDeclaration.besides(HEAD);
        assertThatThrownBy(() -> Network.torchScript(HEAD, withHead(d, "fc")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("no fc.weight and fc.bias")
                .message().doesNotContain("\n");
        // a linear layer, but not one with an output per class
        assertThatThrownBy(() -> Network.torchScript(HEAD, withHead(d, "classifier.3")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("an output layer for 10 classes");
        // lenet5-wronghead.pt: shapes fit, but its penultimate(x) skips the last ReLU, so forward is not the head on it
        Path wrong = Path.of("src/test/resources/fixtures/outside/lenet5-wronghead.pt");
        assertThatThrownBy(() -> Network.torchScript(wrong, d))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("is not what the model's forward ends in")
                .message().doesNotContain("\n");
        // lenet5.pt has the layer but no penultimate(x)
        assertThatThrownBy(() -> Network.torchScript(LENET, withHead(InputDeclaration.besides(LENET), "classifier.5")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("no method penultimate(x)");
    }

    @Test
    void aModelDirectoryOfATorchScriptNetworkIsAuditedWhenItLoads(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        try (Network net = Network.torchScript(LENET, InputDeclaration.besides(LENET))) {
            ModelStore.save(net, dev.kintsugi.util.Provenance.of("test", "test"), dir, false);
        }
        try (SavedModel back = ModelStore.load(dir)) {
            assertThat(back.network().isTorchScript()).isTrue();
        }
        // a hostile archive in place of parameters.bin is refused before libtorch sees it
        Path evil = Path.of("src/test/resources/fixtures/torchscript/hostile/read.pt");
        Files.copy(evil, dir.resolve(ModelStore.PARAMETERS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelStore.load(dir)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("refusing");
    }
}
