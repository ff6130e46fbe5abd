package dev.kintsugi.repair.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static dev.kintsugi.testing.ReferenceFixture.doubles;
import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

public class CrownTest {
    /** Numbers from tools/vere_reference.py (CROWN transcribed in numpy, checked there by sampling). */
    public static JsonNode fixture() {
        try (InputStream in = CrownTest.class.getResourceAsStream("/fixtures/repair/vere.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fixture's network: 2 inputs, dense 4, ReLU (the check layer), dense 3, ReLU, dense 3. */
    public static Network network(JsonNode f, String activation) {
        Dataset shape = new Dataset("tiny", new int[] {2}, new float[2], new int[1], TestData.classNames(3));
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "4,3", "activation", activation), shape), 1);
        JsonNode n = f.get("network");
        net.setParameterValues(1, "weight", floats(n.get("w1")));
        net.setParameterValues(1, "bias", floats(n.get("b1")));
        net.setParameterValues(3, "weight", floats(n.get("w2")));
        net.setParameterValues(3, "bias", floats(n.get("b2")));
        net.setParameterValues(5, "weight", floats(n.get("w3")));
        net.setParameterValues(5, "bias", floats(n.get("b3")));
        return net;
    }

    @Test
    void linearLowerBoundsMatchTheTranscribedCrownAndHold() {
        JsonNode f = fixture();
        try (Network net = network(f, "relu")) {
            DenseTail tail = DenseTail.of(net, 3);
            assertThat(tail.inputs()).isEqualTo(4);
            assertThat(tail.outputs()).isEqualTo(3);
            for (JsonNode c : f.get("crown")) {
                double[] lo = doubles(c.get("lo"));
                double[] hi = doubles(c.get("hi"));
                Crown.LinearBound b = Crown.lower(tail, matrix(c.get("c")), lo, hi);
                double[][] a = matrix(c.get("a"));
                double[] lower = doubles(c.get("lower"));
                double[] sampled = doubles(c.get("sampledMinimum"));
                for (int r = 0; r < a.length; r++) {
                    assertThat(b.a()[r]).containsExactly(a[r], within(1e-5));
                    assertThat(b.minimum(r, lo, hi)).isCloseTo(lower[r], within(1e-5))
                            .isLessThanOrEqualTo(sampled[r] + 1e-6);
                }
                assertThat(b.bias()).containsExactly(doubles(c.get("bias")), within(1e-5));
            }
        }
    }

    @Test
    void aPointBoxIsExact() {
        JsonNode f = fixture();
        try (Network net = network(f, "relu")) {
            DenseTail tail = DenseTail.of(net, 3);
            double[] x = {0.2, 0.7, 0.1, 1.3};
            double[] y = tail.forward(x);
            Crown.LinearBound b = Crown.lower(tail, new double[][] {{1, -1, 0}}, x, x);
            assertThat(b.minimum(0, x, x)).isCloseTo(y[0] - y[1], within(1e-9));
        }
    }

    @Test
    void refusesATailThatIsNotPiecewiseLinear() {
        JsonNode f = fixture();
        try (Network net = network(f, "tanh")) {
            assertThatThrownBy(() -> DenseTail.of(net, 3)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("not piecewise linear");
        }
    }
}
