package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FocalDistillationTest extends ApproachTestBase {
    /** Made by tools/focal_distillation_reference.py (python3-torch), independently of the Java. */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/focal_distillation.json");

    @Test
    void lossAndItsGradientMatchTheTorchTranscription() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        int n = f.get("n").asInt();
        int k = f.get("k").asInt();
        for (JsonNode c : f.get("cases")) {
            FocalDistillation.Settings s = new FocalDistillation.Settings(c.get("alpha").asDouble(),
                    c.get("beta").asDouble(), c.get("lambda").asDouble(), c.get("distance").asText(),
                    c.get("temperature").asDouble());
            try (NDManager m = Engines.engine().newBaseManager()) {
                NDArray z = m.create(floats(f.get("z")), new Shape(n, k));
                z.setRequiresGradient(true);
                NDArray ref = m.create(floats(f.get("reference")), new Shape(n, k));
                NDArray y = m.create(ints(f.get("labels")));
                NDArray right = m.create(floats(f.get("originalRight")));
                float loss;
                try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                    NDArray l = FocalDistillation.loss(z, ref, y, right, s);
                    loss = l.getFloat();
                    gc.backward(l);
                }
                assertThat((double) loss).as(c.toString()).isCloseTo(c.get("loss").asDouble(),
                        within(1e-4 * Math.abs(c.get("loss").asDouble())));
                float[] grad = z.getGradient().toFloatArray();
                float[] expected = floats(c.get("gradient"));
                for (int i = 0; i < grad.length; i++) {
                    assertThat((double) grad[i]).as("%s gradient %d", c.get("distance").asText(), i)
                            .isCloseTo(expected[i], within(1e-4 + 1e-4 * Math.abs(expected[i])));
                }
            }
        }
    }

    @Test
    void distillingWhereTheOriginalWasRightFlipsFewerHeldOutInputsThanPlainFineTuning() {
        // overlapping classes, so retraining moves boundaries and flips inputs; both runs train on the same
        // data with the same loop, only the distillation weights differ
        Splits splits = new Splits("blobs", blobs("train", 600, 1), blobs("valid", 200, 2), blobs("repair", 400, 3),
                blobs("test", 1000, 4));
        try (Network weak = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), splits.train()), 3)) {
            new Trainer(TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(0.003).withSeed(3))
                    .fit(weak, splits.train(), splits.valid());
            int[] plain = heldOut(weak, splits, Map.of("alpha", "0", "beta", "0", "lr", "0.01", "epochs", "15"));
            assertThat(plain[1]).as("plain fine-tuning flips held-out inputs (else the test shows nothing)")
                    .isGreaterThan(20);
            // the tiny MLP's logits are small, so KL needs a low temperature to bite
            for (Map<String, String> d : List.of(Map.of("distance", "lm"), Map.of("distance", "kl", "temperature", "2"))) {
                Map<String, String> o = new HashMap<>(d);
                o.put("lr", "0.01");
                o.put("epochs", "15");
                int[] focal = heldOut(weak, splits, o);
                assertThat(focal[1]).as("%s held-out negative flips: pct %d vs plain %d", d, focal[1], plain[1])
                        .isLessThan(plain[1] / 2);
                assertThat(focal[0]).as("%s held-out failures pct repairs, against %d flips", d, focal[1])
                        .isGreaterThan(3 * focal[1]);
            }
        }
    }

    /** Three Gaussian classes in four dimensions whose means are only 1.5 standard deviations apart. */
    private static Dataset blobs(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 4; d++) {
                x[i * 4 + d] = (float) (r.nextGaussian() + (d == y[i] ? 1.5 : 0));
            }
        }
        return new Dataset(name, new int[] {4}, x, y, TestData.classNames(3));
    }

    /** Repairs and counts {repaired, newly broken, original failures} on the test split, which the repair never sees. */
    private static int[] heldOut(Network model, Splits splits, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        RepairResult r = new FocalDistillation().repair(model, RepairContext.prepare(model, splits, 5,
                Duration.ofMinutes(2), null, options, new PrintStream(new ByteArrayOutputStream())));
        try (Network fixed = r.fixed()) {
            Correctness c = Correctness.of(Predictor.predict(model, splits.test()),
                    Predictor.predict(fixed, splits.test()));
            return new int[] {c.repaired(), c.negativeFlips(), c.originalFailures()};
        }
    }

    @Test
    void rejectsAnUnknownDistance() {
        assertThatThrownBy(() -> new FocalDistillation().repair(original, context(Map.of("distance", "l1"))))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("distance=l1");
    }

    private static RepairContext context(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(PlantedFailure.FAST_OPTIONS);
        options.putAll(extra);
        return RepairContext.prepare(original, PlantedFailure.SPLITS, 5, Duration.ofMinutes(2), null, options,
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }
}
