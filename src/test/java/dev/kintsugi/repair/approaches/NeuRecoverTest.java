package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.localize.OutputGradients;
import dev.kintsugi.repair.localize.WeightScores;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.ReferenceFixture;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NeuRecoverTest extends ApproachTestBase {
    /** NeuRecover's own planted-failure model: trained three epochs, so that its last epoch has regressions. */
    static Network threeEpochs;

    @org.junit.jupiter.api.BeforeAll
    static void trainThreeEpochs() {
        threeEpochs = PlantedFailure.trainModel(3);
    }

    @org.junit.jupiter.api.AfterAll
    static void closeThreeEpochs() {
        threeEpochs.close();
    }

    /** Written by tools/neurecover_reference.py (a transcription of the eAI-Repair-Toolkit's NeuRecover). */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/neurecover.json");

    static Network network(JsonNode params, Dataset data, int hidden) {
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", Integer.toString(hidden), "activation",
                "tanh"), data), 1);
        net.setParameterValues(1, "weight", ReferenceFixture.floats(params.get(0)));
        net.setParameterValues(1, "bias", ReferenceFixture.floats(params.get(1)));
        net.setParameterValues(3, "weight", ReferenceFixture.floats(params.get(2)));
        net.setParameterValues(3, "bias", ReferenceFixture.floats(params.get(3)));
        return net;
    }

    static Dataset part(JsonNode f, int from, int to, String name) {
        float[] x = ReferenceFixture.floats(f.get("x"));
        int[] y = ReferenceFixture.ints(f.get("y"));
        int d = f.get("d").asInt();
        return new Dataset(name, new int[] {d}, java.util.Arrays.copyOfRange(x, from * d, to * d),
                java.util.Arrays.copyOfRange(y, from, to), TestData.classNames(f.get("k").asInt()));
    }

    @Test
    void localisationMatchesTheToolkitTranscription() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        int n = f.get("y").size();
        Dataset negatives = part(f, 0, n / 2, "neg");
        Dataset positives = part(f, n / 2, n, "pos");
        try (Network before = network(f.get("before"), negatives, f.get("h").asInt()); Network after = network(f.get("after"), negatives, f.get("h").asInt())) {
            Map<String, Object> details = new LinkedHashMap<>();
            List<NeuRecover.Target> targets = NeuRecover.localise(after, before, negatives, positives, 1.0, details);
            assertThat(details.get("regressed")).isEqualTo(f.get("deg").size());
            assertThat(details.get("improved")).isEqualTo(f.get("imp").size());
            // arrays 0..3 are layer 1's weight and bias, layer 3's weight and bias
            int[] layerOfArray = {1, 1, 3, 3};
            List<String> expected = new ArrayList<>();
            JsonNode arrays = f.get("arrays");
            for (int a = 0; a < arrays.size(); a++) {
                for (JsonNode i : arrays.get(a).get("selected")) {
                    expected.add(layerOfArray[a] + ":" + i.asInt());
                }
            }
            assertThat(expected).as("the fixture selects weights").isNotEmpty();
            assertThat(targets.stream().map(t -> t.layer() + ":" + t.index()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
            // wider k, where the improved inputs' weights are taken out too (removedByImp > 0 in the fixture)
            for (JsonNode w : f.get("wider")) {
                List<String> wanted = new ArrayList<>();
                for (int a = 0; a < w.get("selected").size(); a++) {
                    for (JsonNode i : w.get("selected").get(a)) {
                        wanted.add(layerOfArray[a] + ":" + i.asInt());
                    }
                }
                List<NeuRecover.Target> got = NeuRecover.localise(after, before, negatives, positives,
                        w.get("rate").asDouble(), new LinkedHashMap<>());
                assertThat(got.stream().map(t -> t.layer() + ":" + t.index()).toList()).as("rate " + w.get("rate"))
                        .containsExactlyInAnyOrderElementsOf(wanted);
            }
            @SuppressWarnings("unchecked")
            Map<String, Double> susp = (Map<String, Double>) details.get("suspiciousness");
            assertThat(susp.get(after.layers().get(1).name() + "/weight"))
                    .isCloseTo(arrays.get(0).get("suspiciousness").asDouble(), within(1e-6));
            assertThat(susp.get(after.layers().get(3).name() + "/weight"))
                    .isCloseTo(arrays.get(2).get("suspiciousness").asDouble(), within(1e-6));
            assertThat(susp).hasSize(2);

            // the scores behind the selection
            Dataset all = Dataset.concat("all", List.of(negatives, positives));
            Dataset deg = all.subset("deg", ReferenceFixture.ints(f.get("deg")));
            Map<String, double[]> grads = OutputGradients.of(after, deg);
            assertClose(grads.get("1/weight"), arrays.get(0).get("gradDeg"));
            assertClose(grads.get("1/bias"), arrays.get(1).get("gradDeg"));
            assertClose(grads.get("3/weight"), arrays.get(2).get("gradDeg"));
            assertClose(WeightScores.forwardImpact(ActivationCache.of(after, deg, 3), after.parameterValues(3, "weight"),
                    f.get("k").asInt()), arrays.get(2).get("fiDeg"));
            assertClose(WeightScores.forwardImpact(ActivationCache.of(after, deg, 1), after.parameterValues(1, "weight"),
                    f.get("h").asInt()), arrays.get(0).get("fiDeg"));
        }
    }

    @Test
    void fitnessAndSiblingStatisticsMatchTheTranscription() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        int n = f.get("y").size();
        Dataset negatives = part(f, 0, n / 2, "neg");
        Dataset positives = part(f, n / 2, n, "pos");
        try (Network after = network(f.get("after"), negatives, f.get("h").asInt())) {
            float w0 = after.parameterValues(3, "weight")[0];
            try (NeuRecover.Fitness fitness = new NeuRecover.Fitness(after,
                    List.of(new NeuRecover.Target(3, 0, f.get("k").asInt())), negatives, positives, 1.0)) {
                assertThat(fitness.of(new double[] {w0})).isCloseTo(f.get("criterion").asDouble(), within(1e-5));
            }
            float[] kernel = after.parameterValues(3, "weight");
            for (JsonNode s : f.get("siblings")) {
                double[] ms = NeuRecover.siblingMeanStd(kernel, f.get("k").asInt(),
                        s.get("row").asInt() * f.get("h").asInt() + s.get("col").asInt());
                assertThat(ms[0]).isCloseTo(s.get("expected").get(0).asDouble(), within(1e-6));
                assertThat(ms[1]).isCloseTo(s.get("expected").get(1).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void repairsThePlantedFailureChangingOnlyDenseKernels() {
        RepairContext c = PlantedFailure.context(threeEpochs, 5, null);
        RepairResult r = new NeuRecover().repair(threeEpochs, c);
        try (Network fixed = r.fixed()) {
            assertThat((int) r.details().get("localisedWeights")).isPositive();
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (!p.parameter().equals("weight")) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
            assertThat(r.diff().changedValues()).isEqualTo((long) (int) r.details().get("localisedWeights"));
            Correctness held = Correctness.of(Predictor.predict(threeEpochs, PlantedFailure.SPLITS.test()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.test()));
            assertThat(held.repaired()).as("held-out failures repaired").isPositive();
        }
    }

    @Test
    void aOneEpochModelHasNoRegressionToUndoAndIsRefusedInOneLine() {
        assertThatThrownBy(() -> new NeuRecover().repair(original, context(5))).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("no regression between epochs");
    }

    @Test
    void aModelWithoutHistoryIsRefusedInOneLineAndLeftAlone() {
        byte[] before = original.snapshot();
        RepairContext noHistory = context(5).withHistory(null);
        assertThatThrownBy(() -> new NeuRecover().repair(original, noHistory)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("--keep-history").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(original.snapshot()).isEqualTo(before);
    }

    private static void assertClose(double[] actual, JsonNode expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            assertThat(actual[i]).as("value %d", i).isCloseTo(e, within(1e-5 + 1e-4 * Math.abs(e)));
        }
    }

    @Test
    void badGradientAndRateOptionsAreRefusedInOneLine() {
        assertThat(NeuRecover.gradientOption("logits")).isEqualTo(OutputGradients.Of.LOGITS);
        assertThat(NeuRecover.gradientOption("probabilities")).isEqualTo(OutputGradients.Of.PROBABILITIES);
        assertThatThrownBy(() -> NeuRecover.gradientOption("loss")).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("gradient=loss");
        for (Map<String, String> bad : List.of(Map.of("reductionRate", "4", "maxReductionRate", "2"),
                Map.of("reductionRate", "0"))) {
            Map<String, String> options = new LinkedHashMap<>(PlantedFailure.FAST_OPTIONS);
            options.putAll(bad);
            RepairContext c = RepairContext.prepare(threeEpochs, PlantedFailure.SPLITS, 1, java.time.Duration.ofMinutes(1),
                    null, options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .withHistory(PlantedFailure.context(threeEpochs, 1, null).history().orElseThrow());
            assertThatThrownBy(() -> new NeuRecover().repair(threeEpochs, c)).as(bad.toString())
                    .isInstanceOf(KintsugiException.class).hasMessageContaining("reductionRate");
        }
    }
}
