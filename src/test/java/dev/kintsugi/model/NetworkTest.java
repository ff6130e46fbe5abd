package dev.kintsugi.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NetworkTest {
    static final List<String> CLASSES = List.of("a", "b", "c");

    static ArchitectureSpec spec(String arch, Map<String, String> options, int... shape) {
        return new ArchitectureSpec(arch, ModelZoo.resolveOptions(arch, options), shape, null, CLASSES);
    }

    static float[] randomInputs(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    static float[] logits(Network net, float[] x, int n) {
        try (NDManager m = net.manager().newSubManager()) {
            return net.forward(m.create(x, net.batchShape(n)), false).toFloatArray();
        }
    }

    @Test
    void everyZooArchitectureBuildsAndGivesOneLogitPerClass() {
        for (var a : ModelZoo.architectures()) {
            try (Network net = Network.create(spec(a.name(), Map.of(), 1, 28, 28), 0)) {
                float[] out = logits(net, randomInputs(2, 784, 1), 2);
                assertThat(out).as(a.name()).hasSize(2 * CLASSES.size());
                assertThat(net.parameterCount()).as(a.name()).isPositive();
            }
        }
    }

    @Test
    void everyZooArchitectureTakesColourImages() {
        // fashion-bg and fashion-s are [3, 28, 28]: the first layer must read all three channels.
        for (var a : ModelZoo.architectures()) {
            try (Network net = Network.create(spec(a.name(), Map.of(), 3, 28, 28), 0)) {
                float[] out = logits(net, randomInputs(2, 3 * 784, 1), 2);
                assertThat(out).as(a.name()).hasSize(2 * CLASSES.size());
                Layer first = net.layers().stream().filter(Layer::hasParameters).findFirst().orElseThrow();
                long[] weight = first.parameters().get(0).shape();
                if (first.kind().equals("Conv2d")) {
                    assertThat(weight[1]).as(a.name() + " input channels").isEqualTo(3);
                } else {
                    assertThat(weight[1]).as(a.name() + " inputs").isEqualTo(3 * 784);
                }
            }
        }
    }

    @Test
    void lenet5HasTheClassicAndTheStudysLayerShapes() {
        for (String[] variant : new String[][] {{"classic", "400", "5"}, {"study", "144", "3"}}) {
            try (Network net = Network.create(spec("lenet5", Map.of("variant", variant[0]), 1, 28, 28), 0)) {
                List<Layer> withParams = net.layers().stream().filter(Layer::hasParameters).toList();
                assertThat(withParams).extracting(Layer::kind)
                        .containsExactly("Conv2d", "Conv2d", "Linear", "Linear", "Linear");
                assertThat(withParams.get(1).parameters().get(0).shape())
                        .containsExactly(16, 6, Long.parseLong(variant[2]), Long.parseLong(variant[2]));
                assertThat(withParams.get(2).parameters().get(0).shape()).containsExactly(120, Long.parseLong(variant[1]));
                assertThat(withParams.get(4).parameters().get(0).shape()).containsExactly(3, 84);
            }
        }
    }

    @Test
    void sameSeedGivesSameParametersAndDifferentSeedDifferent() {
        var s = spec("mlp", Map.of("hidden", "16"), 4);
        try (Network a = Network.create(s, 7); Network b = Network.create(s, 7); Network c = Network.create(s, 8)) {
            assertThat(a.parameterValues(1, "weight")).containsExactly(b.parameterValues(1, "weight"));
            assertThat(a.parameterValues(1, "weight")).isNotEqualTo(c.parameterValues(1, "weight"));
        }
    }

    @Test
    void tapsEndWithTheOutputAndFeaturesFeedTheHead() {
        try (Network net = Network.create(spec("mlp", Map.of("hidden", "8,5"), 4), 0);
             NDManager m = net.manager().newSubManager()) {
            NDArray x = m.create(randomInputs(3, 4, 2), net.batchShape(3));
            List<NDArray> taps = net.forwardWithTaps(x);
            assertThat(taps).hasSize(net.layers().size());
            assertThat(taps.get(taps.size() - 1).toFloatArray()).containsExactly(net.forward(x, false).toFloatArray());
            NDArray features = net.features(x);
            assertThat(features.getShape().getShape()).containsExactly(3, 5);
        }
    }

    @Test
    void weightsCanBeReadAndWrittenInPlace() {
        try (Network net = Network.create(spec("mlp", Map.of("hidden", "8"), 4), 0)) {
            int head = net.headIndex();
            float[] w = net.parameterValues(head, "weight");
            float[] zero = new float[w.length];
            net.setParameterValues(head, "weight", zero);
            net.setParameterValues(head, "bias", new float[] {1, 2, 3});
            float[] out = logits(net, randomInputs(1, 4, 3), 1);
            assertThat(out).containsExactly(1f, 2f, 3f);
            assertThatThrownBy(() -> net.setParameterValues(head, "weight", new float[1]))
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("values");
        }
    }

    @Test
    void copyIsDeepAndIdentical() {
        try (Network net = Network.create(spec("cnn", Map.of("channels", "4"), 1, 8, 8), 0);
             Network copy = net.copy()) {
            float[] x = randomInputs(2, 64, 4);
            assertThat(logits(copy, x, 2)).containsExactly(logits(net, x, 2));
            copy.setParameterValues(copy.headIndex(), "bias", new float[] {9, 9, 9});
            assertThat(logits(copy, x, 2)).isNotEqualTo(logits(net, x, 2));
        }
    }

    @Test
    void parametersRoundTripThroughBytes() throws Exception {
        var s = spec("resnet-small", Map.of("channels", "4,8"), 1, 8, 8);
        try (Network net = Network.create(s, 3)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            net.writeParameters(bytes);
            try (Network back = Network.load(s, new ByteArrayInputStream(bytes.toByteArray()))) {
                float[] x = randomInputs(2, 64, 5);
                assertThat(logits(back, x, 2)).containsExactly(logits(net, x, 2));
            }
        }
    }

    @Test
    void inputGradientOfALinearModelMatchesTheClosedForm() {
        // mlp with no hidden layer = softmax regression: dL/dx = W^T (softmax(Wx + b) - onehot(y)).
        try (Network net = Network.create(spec("mlp", Map.of("hidden", ""), 4), 0)) {
            float[] x = {0.1f, -0.2f, 0.3f, 0.5f};
            float[] w = net.parameterValues(net.headIndex(), "weight");
            float[] b = net.parameterValues(net.headIndex(), "bias");
            double[] z = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                z[c] = b[c];
                for (int j = 0; j < 4; j++) {
                    z[c] += w[c * 4 + j] * x[j];
                }
            }
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            for (int c = 0; c < 3; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            int y = 1;
            double[] expected = new double[4];
            for (int c = 0; c < 3; c++) {
                double d = z[c] / sum - (c == y ? 1 : 0);
                for (int j = 0; j < 4; j++) {
                    expected[j] += w[c * 4 + j] * d;
                }
            }
            Network.LossGradients g = net.lossGradients(x, new int[] {y});
            for (int j = 0; j < 4; j++) {
                assertThat((double) g.inputGradient()[j]).isCloseTo(expected[j], within(1e-5));
            }
            // Gradients do not accumulate across calls.
            Network.LossGradients again = net.lossGradients(x, new int[] {y});
            assertThat(again.parameterGradients().get(net.trainableParameters().get(0).getKey()))
                    .containsExactly(g.parameterGradients().get(net.trainableParameters().get(0).getKey()));
        }
    }

    @Test
    void frozenPrefixHasNoGradients() {
        try (Network net = Network.create(spec("mlp", Map.of("hidden", "6"), 4), 0)) {
            int all = net.trainableParameters().size();
            net.freezePrefix(net.headIndex());
            assertThat(net.trainableParameters().size()).isEqualTo(2).isLessThan(all);
            Network.LossGradients g = net.lossGradients(randomInputs(2, 4, 1), new int[] {0, 2});
            assertThat(g.parameterGradients()).hasSize(2);
            net.freezePrefix(0);
            assertThat(net.trainableParameters().size()).isEqualTo(all);
        }
    }

    @Test
    void unknownOptionsAndArchitecturesAreRejectedClearly() {
        assertThatThrownBy(() -> ModelZoo.resolveOptions("mlp", Map.of("hiden", "3")))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("no option 'hiden'");
        assertThatThrownBy(() -> ModelZoo.architecture("alexnet"))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("lenet5");
        assertThatThrownBy(() -> Network.create(spec("mlp", Map.of("activation", "swishy"), 4), 0))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("unknown activation");
    }
}
