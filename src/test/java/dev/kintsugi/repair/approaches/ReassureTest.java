package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.bounds.DenseTail;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.util.Provenance;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.kintsugi.testing.ReferenceFixture.doubles;
import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReassureTest extends ApproachTestBase {
    /** Numbers from tools/reassure_reference.py (the ICLR code transcribed; LPs by vertex enumeration). */
    static JsonNode fixture() {
        try (InputStream in = ReassureTest.class.getResourceAsStream("/fixtures/repair/reassure.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fixture's network: 2 inputs, dense 4, ReLU, dense 3, ReLU, dense 3. */
    static Network tiny(JsonNode f) {
        Dataset shape = new Dataset("tiny", new int[] {2}, new float[2], new int[1], TestData.classNames(3));
        Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "4,3"), shape), 1);
        JsonNode n = f.get("network");
        net.setParameterValues(1, "weight", floats(n.get("w1")));
        net.setParameterValues(1, "bias", floats(n.get("b1")));
        net.setParameterValues(3, "weight", floats(n.get("w2")));
        net.setParameterValues(3, "bias", floats(n.get("b2")));
        net.setParameterValues(5, "weight", floats(n.get("w3")));
        net.setParameterValues(5, "bias", floats(n.get("b3")));
        return net;
    }

    static float[][] outputs(Network net, double[][] probes) {
        float[] flat = new float[probes.length * 2];
        for (int i = 0; i < probes.length; i++) {
            flat[2 * i] = (float) probes[i][0];
            flat[2 * i + 1] = (float) probes[i][1];
        }
        try (NDManager m = net.manager().newSubManager()) {
            float[] o = net.forward(m.create(flat, new Shape(probes.length, 2)), false).toFloatArray();
            float[][] out = new float[probes.length][3];
            for (int i = 0; i < probes.length; i++) {
                System.arraycopy(o, 3 * i, out[i], 0, 3);
            }
            return out;
        }
    }

    @Test
    void regionPatchAndPatchNetworkMatchTheIclrCode(@TempDir Path dir) {
        JsonNode f = fixture();
        double[] lo = {0, 0};
        double[] hi = {1, 1};
        try (Network net = tiny(f)) {
            DenseTail tail = DenseTail.of(net, DenseTail.defaultSplit(net));
            assertThat(tail.split()).isEqualTo(1);
            assertThat(tail.hiddenNeurons()).isEqualTo(7);
            List<DenseTail.Region> regions = new java.util.ArrayList<>();
            List<Reassure.Patch> patches = new java.util.ArrayList<>();
            for (String key : List.of("point0", "point1")) {
                JsonNode p = f.get(key);
                DenseTail.Region r = tail.region(doubles(p.get("x")));
                double[][] a = matrix(p.get("a"));
                for (int i = 0; i < a.length; i++) {
                    assertThat(r.a()[i]).as(key + " region row " + i).containsExactly(a[i], within(1e-5));
                }
                assertThat(r.b()).containsExactly(doubles(p.get("b")), within(1e-5));
                double[][] f1 = matrix(p.get("f1"));
                for (int i = 0; i < f1.length; i++) {
                    assertThat(r.jacobian()[i]).containsExactly(f1[i], within(1e-5));
                }
                assertThat(r.offset()).containsExactly(doubles(p.get("f2")), within(1e-5));
                Reassure.Patch patch = Reassure.linearPatch(r, lo, hi, p.get("label").asInt(), -100, 0);
                double[][] c = matrix(p.get("c"));
                for (int i = 0; i < c.length; i++) {
                    assertThat(patch.c()[i]).as(key + " patch row " + i).containsExactly(c[i], within(1e-5));
                }
                assertThat(patch.d()).containsExactly(doubles(p.get("d")), within(1e-5));
                assertThat(patch.lpSolves()).isEqualTo(4); // two specification rows, min and max each
                regions.add(r);
                patches.add(patch);
            }
            double[][] probes = matrix(f.get("probes"));
            double[][] expected = matrix(f.get("patched"));
            try (Network fixed = Reassure.patched(net, tail, regions, patches, new double[][] {lo, hi},
                    f.get("n").asDouble(), 1)) {
                float[][] got = outputs(fixed, probes);
                for (int i = 0; i < probes.length; i++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat((double) got[i][c]).as("probe %d class %d", i, c).isCloseTo(expected[i][c],
                                within(1e-4));
                    }
                }
                // the patch is a layer like any other: saved, loaded, same outputs
                Path saved = dir.resolve("patched");
                ModelStore.save(fixed, Provenance.of("model", "test"), saved, false);
                try (SavedModel back = ModelStore.load(saved)) {
                    assertThat(back.network().layers()).hasSize(fixed.layers().size());
                    float[][] again = outputs(back.network(), probes);
                    for (int i = 0; i < probes.length; i++) {
                        assertThat(again[i]).containsExactly(got[i], within(0f));
                    }
                }
                // the original's layers are untouched and it ignores the patch
                float[][] plain = outputs(net, probes);
                double[][] original = matrix(f.get("original"));
                for (int i = 0; i < probes.length; i++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat((double) plain[i][c]).isCloseTo(original[i][c], within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void oneDimTransformShiftsOrScalesIntoTheSpecification() {
        // inside already: nothing; above: shifted down so the top of the range meets qu
        assertThat(Reassure.oneDimLinearTransform(-3, -1, 0.5, -100, 0)).containsExactly(1.0, 0.0);
        assertThat(Reassure.oneDimLinearTransform(-1, 2, 0.5, -100, 0)).containsExactly(1.0, -2.5);
        // wider than the specification: scaled by (qu − ql)/(ub − lb), then shifted
        double[] ab = Reassure.oneDimLinearTransform(0, 400, 0, -100, 0);
        assertThat(ab[0]).isEqualTo(0.25);
        assertThat(ab[1]).isEqualTo(-100.0);
    }

    @Test
    void fixesTheRepairPointsAndLeavesInputsFarFromTheirRegionsAlone() {
        RepairContext c = context(5);
        RepairResult r = new Reassure().repair(original, c);
        try (Network fixed = r.fixed()) {
            int regions = (int) r.details().get("regions");
            // the planted failure leaves 100 negatives, all within the default of 100 points
            assertThat(regions).isEqualTo(c.negatives().size()).isEqualTo(r.details().get("points"));
            Predictions onNegatives = Predictor.predict(fixed, c.negatives());
            int right = 0;
            for (int i = 0; i < onNegatives.size(); i++) {
                right += onNegatives.correct(i) ? 1 : 0;
            }
            // each region takes its label on its own; where a later region's support overlaps (n = 0.5) a point
            // can lose its patch, which the original answers with a larger n
            assertThat(right).as("of %d negatives", c.negatives().size()).isEqualTo(r.details().get("pointsFixed"))
                    .isGreaterThanOrEqualTo((int) (0.9 * c.negatives().size()));
            RepairContext sharpContext = RepairContext.prepare(original, PlantedFailure.SPLITS, 5,
                    java.time.Duration.ofMinutes(2), null, Map.of("n", "50"),
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
            RepairResult sharp = new Reassure().repair(original, sharpContext);
            try (Network s = sharp.fixed()) {
                assertThat(sharp.details().get("pointsFixed")).as("n = 50").isEqualTo(c.negatives().size());
            }
            // held out: the sub-population's regions carry the fix to unseen members, and locality keeps flips rare
            Correctness held = Correctness.of(Predictor.predict(original, PlantedFailure.SPLITS.test()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.test()));
            assertThat(held.repaired()).as("held-out repaired vs flipped").isGreaterThan(held.negativeFlips());
            assertThat(r.diff().changedValues()).isPositive();
            assertThat(r.diff().changedLayers()).containsExactly(original.headIndex() + 1);
        }
    }

    @Test
    void underARegressionBudgetItKeepsThePatchOnlyIfValidNfrAllowsIt() {
        RepairContext strict = PlantedFailure.context(original, 5, 0.0);
        RepairResult r = new Reassure().repair(original, strict);
        try (Network fixed = r.fixed()) {
            Correctness onValid = Correctness.of(Predictor.predict(original, PlantedFailure.SPLITS.valid()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.valid()));
            if (r.keptOriginal()) {
                // no blend exists between a network and the network plus a patch: the original comes back whole
                assertThat(fixed.splitLayer()).isEqualTo(-1);
                assertThat(fixed.snapshot()).isEqualTo(original.snapshot());
            } else {
                assertThat(fixed.splitLayer()).isPositive();
                assertThat(onValid.negativeFlips()).isZero();
            }
        }
    }

    @Test
    void refusesANetworkThatIsNotPiecewiseLinearInOneLineAndLeavesItAlone() {
        Dataset train = PlantedFailure.SPLITS.train();
        try (Network tanh = Network.create(TestData.spec("mlp", Map.of("hidden", "8", "activation", "tanh"), train), 2)) {
            byte[] before = tanh.snapshot();
            RepairContext c = PlantedFailure.context(tanh, 1, null);
            assertThatThrownBy(() -> new Reassure().repair(tanh, c)).isInstanceOf(KintsugiException.class)
                    .hasMessageContaining("not piecewise linear").hasMessageNotContaining("\n");
            assertThat(tanh.snapshot()).isEqualTo(before);
        }
    }
}
