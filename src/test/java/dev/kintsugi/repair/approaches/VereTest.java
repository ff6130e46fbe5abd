package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.bounds.CrownTest;
import dev.kintsugi.repair.bounds.DenseTail;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.kintsugi.testing.ReferenceFixture.doubles;
import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.ints;
import static dev.kintsugi.testing.ReferenceFixture.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VereTest extends ApproachTestBase {
    @Test
    void significanceAndTargetsMatchComputeMaxEffect() {
        JsonNode f = CrownTest.fixture();
        JsonNode v = f.get("vere");
        try (Network net = CrownTest.network(f, "relu")) {
            Vere.Site site = Vere.site(net, null);
            assertThat(site).isEqualTo(new Vere.Site(1, 2, 3));
            DenseTail tail = DenseTail.of(net, site.check() + 1);
            double[][] range = {doubles(v.get("rangeLo")), doubles(v.get("rangeHi"))};
            double[][][] edges = Vere.intervals(range, v.get("intervals").asInt(), v.get("times").asDouble());
            JsonNode expectedEdges = v.get("edges");
            for (int j = 0; j < edges.length; j++) {
                double[][] e = matrix(expectedEdges.get(j));
                for (int k = 0; k < e.length; k++) {
                    assertThat(edges[j][k]).containsExactly(e[k], within(1e-9));
                }
            }
            double[][] values = matrix(v.get("checkValues"));
            float[][] fv = new float[values.length][];
            for (int i = 0; i < values.length; i++) {
                fv[i] = new float[values[i].length];
                for (int j = 0; j < values[i].length; j++) {
                    fv[i][j] = (float) values[i][j];
                }
            }
            int[] labels = ints(v.get("labels"));
            Vere.Significance s = Vere.significance(tail, fv, labels, ints(v.get("predicted")), edges);
            assertThat(s.margins()).containsExactly(doubles(v.get("margins")), within(1e-5));
            for (int j = 0; j < 4; j++) {
                double[][] imp = matrix(v.get("improvements").get(j));
                for (int i = 0; i < imp.length; i++) {
                    assertThat(s.improvements()[j][i]).as("neuron %d input %d", j, i).containsExactly(imp[i],
                            within(1e-5));
                }
            }
            assertThat(s.total()).containsExactly(doubles(v.get("total")), within(1e-5));
            int top = v.get("top").asInt();
            assertThat(s.top()).isEqualTo(top);
            double[][] targets = matrix(v.get("targets"));
            for (int i = 0; i < targets.length; i++) {
                assertThat(Vere.target(s.improvements()[top][i], s.margins()[i], edges[top], fv[i][top]))
                        .as("target of input %d", i).containsExactly(targets[i], within(1e-5));
            }
        }
    }

    @Test
    void miniNetworkTrainsLikeTorchAdamOnTheIntervalLoss() {
        JsonNode f = CrownTest.fixture();
        JsonNode m = f.get("mini");
        try (Network net = CrownTest.network(f, "relu")) {
            Vere.MiniNetwork mini = Vere.MiniNetwork.of(net, 1, m.get("neuron").asInt());
            float[] flat = floats(m.get("inputs"));
            float[][] inputs = new float[flat.length / 2][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = new float[] {flat[2 * i], flat[2 * i + 1]};
            }
            // one full batch per epoch, so the shuffle cannot matter
            mini.train(inputs, matrix(m.get("targets")), 3, inputs.length, 0.01, new SplittableRandom(1));
            assertThat(mini.w).containsExactly(doubles(m.get("w")), within(1e-5));
            assertThat(mini.b).isCloseTo(m.get("b").asDouble(), within(1e-5));
            assertThat(mini.scale).isCloseTo(m.get("scale").asDouble(), within(1e-5));
            assertThat(mini.shift).isCloseTo(m.get("shift").asDouble(), within(1e-5));
            // written back, the network's neuron feeds the next layer exactly what the mini-network computes
            Vere.Site site = Vere.site(net, null);
            int neuron = m.get("neuron").asInt();
            float[] before = net.parameterValues(3, "weight");
            mini.writeBack(net, site, neuron);
            float[] after = net.parameterValues(3, "weight");
            for (int r = 0; r < 3; r++) {
                assertThat(after[r * 4 + neuron]).isCloseTo((float) (before[r * 4 + neuron] * mini.scale), within(1e-6f));
            }
        }
    }

    @Test
    void keepsTheBestRoundAndHoldsUpOnHeldOutInputs() {
        RepairContext c = context(6);
        RepairResult r = new Vere().repair(original, c);
        try (Network fixed = r.fixed()) {
            int initial = (int) r.details().get("initialScore");
            int best = (int) r.details().get("bestScore");
            assertThat(best).isGreaterThanOrEqualTo(initial);
            assertThat((List<?>) r.details().get("neurons")).isNotEmpty();
            Correctness held = Correctness.of(Predictor.predict(original, PlantedFailure.SPLITS.test()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.test()));
            assertThat(held.repaired()).as("held-out repaired vs flipped").isGreaterThanOrEqualTo(held.negativeFlips());
        }
    }

    @Test
    void refusesNetworksWithoutAReluDenseLayerInOneLine() {
        Dataset train = PlantedFailure.SPLITS.train();
        try (Network tanh = Network.create(TestData.spec("mlp", Map.of("hidden", "8", "activation", "tanh"), train), 2)) {
            byte[] before = tanh.snapshot();
            RepairContext c = PlantedFailure.context(tanh, 1, null);
            assertThatThrownBy(() -> new Vere().repair(tanh, c)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("Tanh").hasMessageNotContaining("\n");
            assertThat(tanh.snapshot()).isEqualTo(before);
        }
    }
}
