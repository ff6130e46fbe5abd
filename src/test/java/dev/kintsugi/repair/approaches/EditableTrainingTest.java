package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.ReferenceFixture;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EditableTrainingTest extends ApproachTestBase {
    /** Written by tools/editable_reference.py (a PyTorch transcription of xtinkt/editable). */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/editable.json");

    static Network network(JsonNode f) {
        int d = f.get("d").asInt();
        Dataset shape = new Dataset("x", new int[] {d}, new float[d], new int[] {0}, TestData.classNames(f.get("k").asInt()));
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "6", "activation", "tanh"), shape), 1);
        net.setFlatParameters(ReferenceFixture.floats(f.get("parameters")));
        return net;
    }

    @Test
    void editorAndFirstOrderGradientMatchTheTorchTranscription() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        int d = f.get("d").asInt();
        float[] x = ReferenceFixture.floats(f.get("x"));
        int[] y = ReferenceFixture.ints(f.get("y"));
        float[] xe = ReferenceFixture.floats(f.get("xe"));
        for (JsonNode c : f.get("cases")) {
            EditableTraining.Editor editor = new EditableTraining.Editor(c.get("lr").asDouble(),
                    c.get("maxSteps").asInt(), 0.5, 1e-6);
            try (Network net = network(f); NDManager m = net.manager().newSubManager()) {
                // the layout the fixture's flat parameter list assumes: w1 [6,4], b1 [6], w2 [3,6], b2 [3]
                assertThat(net.trainableParameters().values().stream().map(p -> p.getArray().getShape().size())
                        .toList()).containsExactly(24L, 6L, 18L, 3L);
                NDArray ex = m.create(xe, new Shape(1, d));
                NDArray ey = m.create(new int[] {c.get("ye").asInt()});
                EditableTraining.EditOutcome e = EditableTraining.edit(net, ex, ey, editor);
                assertThat(e.success()).as(c.toString()).isEqualTo(c.get("success").asBoolean());
                assertThat(e.steps()).isEqualTo(c.get("steps").asInt());
                assertThat(e.loss()).isCloseTo(c.get("editLoss").asDouble(), within(1e-5));
                assertClose(net.flatParameters(), c.get("edited"), 1e-5);
            }
            try (Network net = network(f); NDManager m = net.manager().newSubManager()) {
                byte[] theta = net.snapshot();
                EditableTraining.Step step = EditableTraining.firstOrderStep(net,
                        m.create(x, new Shape(y.length, d)), m.create(y), m.create(xe, new Shape(1, d)),
                        m.create(new int[] {c.get("ye").asInt()}), new EditableTraining.Objective(0.01, 0.01, editor));
                assertThat(step.loss()).isCloseTo(c.get("loss").asDouble(), within(1e-5));
                assertThat(step.edit().success()).isEqualTo(c.get("success").asBoolean());
                float[] flat = concat(step.gradients());
                assertClose(flat, c.get("firstOrderGradient"), 1e-5);
                assertThat(net.snapshot()).as("the network is back at theta").isEqualTo(theta);
            }
        }
    }

    @Test
    void contrastiveCrossEntropyIsZeroExactlyWhenTheTargetLeads() {
        try (NDManager m = original.manager().newSubManager()) {
            NDArray logits = m.create(new float[] {2, 1, 0, 0, 3, 1}, new Shape(2, 3));
            assertThat(EditableTraining.contrastiveCrossEntropy(logits, m.create(new int[] {0, 1})).getFloat())
                    .isZero();
            // second row's target 0 is 3 below the leader: relu(log p_1 - log p_0) = 3, mean over the rows 1.5
            assertThat(EditableTraining.contrastiveCrossEntropy(logits, m.create(new int[] {0, 0})).getFloat())
                    .isCloseTo(1.5f, within(1e-5f));
        }
    }

    @Test
    void editsTheNegativesAndTheFixCarriesOverToHeldOutInputs() {
        RepairResult r = new EditableTraining().repair(original, context(6));
        try (Network fixed = r.fixed()) {
            assertThat((int) r.details().get("editsSucceeded")).isPositive();
            assertThat((int) r.details().get("edits")).isEqualTo(context(6).negatives().size());
            Correctness held = Correctness.of(Predictor.predict(original, PlantedFailure.SPLITS.test()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.test()));
            assertThat(held.repaired()).as("held-out repaired vs flipped").isGreaterThan(held.negativeFlips());
        }
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void assertClose(float[] actual, JsonNode expected, double tolerance) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            assertThat((double) actual[i]).as("value %d", i).isCloseTo(e, within(tolerance + 1e-4 * Math.abs(e)));
        }
    }
}
