package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.kintsugi.repair.approaches.DeepRepairTest.assertClose;
import static dev.kintsugi.repair.approaches.DeepRepairTest.fixture;
import static dev.kintsugi.repair.approaches.DeepRepairTest.floats;
import static dev.kintsugi.repair.approaches.DeepRepairTest.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** HybridRepair's selection scores and losses against tools/drhr_reference.py, and its promise on held-out inputs. */
class HybridRepairTest extends ApproachTestBase {
    @Test
    void unsmoothnessIsTheNormalisedMeanEntropyOfGetTtaValues() throws IOException {
        JsonNode f = fixture("tta");
        int views = f.get("views").asInt();
        int n = f.get("n").asInt();
        int k = f.get("k").asInt();
        float[] all = floats(f.get("probs"));
        float[][] probs = new float[views][];
        for (int v = 0; v < views; v++) {
            probs[v] = java.util.Arrays.copyOfRange(all, v * n * k, (v + 1) * n * k);
        }
        assertThat(HybridRepair.meanEntropy(probs, n, k)).containsExactly(doubles(f.get("meanEntropy")), within(1e-5));
    }

    @Test
    void tauAndDensityMatchEstimateTau() throws IOException {
        JsonNode t = fixture("tau");
        assertThat(HybridRepair.estimateTau(doubles(t.get("density")), doubles(t.get("meanEntropy"))))
                .isCloseTo(t.get("tau").asDouble(), within(1e-9));
        JsonNode d = fixture("density");
        assertThat(HybridRepair.density(floats(d.get("pool")), floats(d.get("train")), d.get("k").asInt(),
                d.get("neighbours").asInt())).containsExactly(doubles(d.get("density")), within(1e-5));
    }

    @Test
    void regionsAndWeightsMatchUnsthRegionPlabeling() throws IOException {
        JsonNode f = fixture("regions");
        List<int[]> clusters = new ArrayList<>();
        for (JsonNode c : f.get("clusters")) {
            clusters.add(ints(c));
        }
        double[] me = doubles(f.get("meanEntropy"));
        HybridRepair.Regions r = HybridRepair.regions(clusters, ints(f.get("centres")), me, f.get("budget").asInt(),
                ints(f.get("labels")), new SplittableRandom(1));
        assertThat(r.members()).containsExactly(ints(f.get("members")));
        assertThat(r.labels()).containsExactly(ints(f.get("memberLabels")));
        assertThat(r.centres()).containsExactly(ints(f.get("labelledCentres")));

        JsonNode w = fixture("weights");
        boolean[] selected = new boolean[me.length];
        for (int i = 0; i < me.length; i++) {
            selected[i] = me[i] <= w.get("tau").asDouble();
        }
        assertThat(HybridRepair.unlabelledWeights(me, selected, r.members()))
                .containsExactly(doubles(w.get("weights")), within(1e-12));
    }

    @Test
    void aBudgetLargerThanTheClustersLabelsEveryClusteredInputAndRandomOthers() {
        List<int[]> clusters = List.of(new int[] {0, 1}, new int[] {4});
        int[] truth = {2, 1, 0, 0, 1, 2};
        HybridRepair.Regions r = HybridRepair.regions(clusters, new int[] {0, 4}, new double[6], 5, truth,
                new SplittableRandom(3));
        assertThat(r.members()).hasSize(5).contains(0, 1, 4).doesNotHaveDuplicates();
        for (int i = 0; i < r.members().length; i++) {
            assertThat(r.labels()[i]).isEqualTo(truth[r.members()[i]]);
        }
    }

    @Test
    void labelSmoothingAndConsistencyLossMatchRetrainModelUnderTest() throws IOException {
        JsonNode ls = fixture("labelSmoothing");
        JsonNode f = fixture("consistency");
        int nl = f.get("labelled").asInt();
        int nu = f.get("unlabelled").asInt();
        int copies = f.get("copies").asInt();
        int k = f.get("k").asInt();
        float[] sharpened = HybridRepair.sharpen(floats(f.get("avgP")), nu, k, f.get("temperature").asDouble());
        assertClose(sharpened, floats(f.get("sharpened")), 1e-5, "sharpened");
        int row = f.get("propagated").get("row").asInt();
        System.arraycopy(HybridRepair.smoothOneHot(f.get("propagated").get("label").asInt(), k, 0.1f), 0, sharpened,
                row * k, k);
        int[] labels = ints(f.get("labels"));
        float[] mixed = HybridRepair.mixRows(HybridRepair.allTargets(labels, sharpened, k, copies), ints(f.get("perm")),
                f.get("mix").asDouble(), k);
        assertClose(mixed, floats(f.get("mixedTarget")), 1e-5, "mixed targets");
        try (NDManager m = Engines.engine().newBaseManager()) {
            int rows = nl + copies * nu;
            NDArray z = m.create(floats(f.get("logits")), new Shape(rows, k));
            z.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray l = HybridRepair.consistencyLoss(z, m.create(labels), m.create(mixed, new Shape(rows, k)), nl,
                        (float) f.get("lambda").asDouble());
                loss = l.getFloat();
                gc.backward(l);
            }
            assertThat((double) loss).isCloseTo(f.get("loss").asDouble(), within(1e-4));
            assertClose(z.getGradient().toFloatArray(), floats(f.get("gradLogits")), 1e-4, "gradient");

            NDArray lz = m.create(floats(ls.get("logits")), new Shape(5, 4));
            assertThat((double) HybridRepair.labelSmoothing(lz, m.create(ints(ls.get("labels"))), 0.1f).getFloat())
                    .isCloseTo(ls.get("loss").asDouble(), within(1e-5));
        }
    }

    @Test
    void repairsHeldOutFailuresOfThePlantedSubpopulationWithFewLabels() {
        // the planted sub-population of class 0 fails; HybridRepair sees the repair split's labels only for
        // its budget (5% of 300 = 15 cluster centres) and is judged on the test split, which it never sees
        Map<String, String> options = new HashMap<>(Map.of("budget", "5", "epochs", "6", "lr", "0.01"));
        RepairResult r = new HybridRepair().repair(original, RepairContext.prepare(original, PlantedFailure.SPLITS, 5,
                Duration.ofMinutes(2), null, options, new PrintStream(new ByteArrayOutputStream())));
        try (Network fixed = r.fixed()) {
            Predictions before = Predictor.predict(original, PlantedFailure.SPLITS.test());
            Predictions after = Predictor.predict(fixed, PlantedFailure.SPLITS.test());
            int repaired = 0;
            int broken = 0;
            int failures = 0;
            for (int i = 0; i < before.size(); i++) {
                failures += before.correct(i) ? 0 : 1;
                repaired += !before.correct(i) && after.correct(i) ? 1 : 0;
                broken += before.correct(i) && !after.correct(i) ? 1 : 0;
            }
            assertThat((int) r.details().get("labelledCentres")).isLessThanOrEqualTo(15);
            assertThat(repaired).as("held-out: repaired %d of %d failures, broke %d; details %s", repaired, failures,
                    broken, r.details()).isGreaterThan(failures / 4).isGreaterThan(3 * broken);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
