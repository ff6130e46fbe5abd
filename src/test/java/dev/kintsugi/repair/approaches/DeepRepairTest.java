package dev.kintsugi.repair.approaches;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.augment.FeatureStyle;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
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
import static org.assertj.core.api.Assertions.within;

class DeepRepairTest {
    /** Made by tools/drhr_reference.py (python3-torch), transcribing repairing.py and pytorch-AdaIN. */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/drhr_reference.json");

    static JsonNode fixture(String key) throws IOException {
        return Json.mapper().readTree(FIXTURE.toFile()).get(key);
    }

    @Test
    void lossAndItsGradientMatchRepairingPy() throws IOException {
        JsonNode f = fixture("jsd");
        int n = f.get("n").asInt();
        int k = f.get("k").asInt();
        try (NDManager m = Engines.engine().newBaseManager()) {
            Shape s = new Shape(n, k);
            NDArray clean = m.create(floats(f.get("clean")), s);
            clean.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray l = DeepRepair.loss(clean, m.create(floats(f.get("aug1")), s), m.create(floats(f.get("aug2")), s),
                        m.create(ints(f.get("labels"))));
                loss = l.getFloat();
                gc.backward(l);
            }
            assertThat((double) loss).isCloseTo(f.get("loss").asDouble(), within(1e-4));
            assertClose(clean.getGradient().toFloatArray(), floats(f.get("gradClean")), 1e-4, "gradient");
        }
    }

    @Test
    void adainStatisticsAndLossMatchPytorchAdain() throws IOException {
        JsonNode f = fixture("adain");
        try (NDManager m = Engines.engine().newBaseManager()) {
            Shape s1 = shape(f.get("shape1"));
            Shape s2 = shape(f.get("shape2"));
            NDArray content = m.create(floats(f.get("content")), s1);
            NDArray style = m.create(floats(f.get("style")), s1);
            NDArray[] ms = FeatureStyle.meanStd(content);
            assertClose(ms[0].toFloatArray(), floats(f.get("contentMean")), 1e-5, "mean");
            assertClose(ms[1].toFloatArray(), floats(f.get("contentStd")), 1e-5, "std");
            assertClose(FeatureStyle.adain(content, style).toFloatArray(), floats(f.get("adain")), 1e-4, "adain");

            NDArray x1 = m.create(floats(f.get("x1")), s1);
            NDArray x2 = m.create(floats(f.get("x2")), s2);
            x1.setRequiresGradient(true);
            x2.setRequiresGradient(true);
            NDArray s2Features = m.create(floats(f.get("s2")), s2);
            NDArray target = m.create(floats(f.get("target")), s2);
            float styleLoss;
            float total;
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                styleLoss = FeatureStyle.styleLoss(List.of(x1, x2), List.of(style, s2Features)).getFloat();
                NDArray l = FeatureStyle.loss(List.of(x1, x2), target, List.of(style, s2Features), 10);
                total = l.getFloat();
                gc.backward(l);
            }
            assertThat((double) styleLoss).isCloseTo(f.get("styleLoss").asDouble(), within(1e-4));
            assertThat((double) total).isCloseTo(f.get("totalLoss").asDouble(), within(1e-4));
            assertClose(x1.getGradient().toFloatArray(), floats(f.get("gradX1")), 1e-4, "gradient x1");
            assertClose(x2.getGradient().toFloatArray(), floats(f.get("gradX2")), 1e-4, "gradient x2");
        }
    }

    @Test
    void styleReferencesAreOneMemberOfEachClusterOfEachClass() {
        // class 0: two far-apart groups of 6; class 1: a single failure; class 2: none
        int d = 4;
        float[] x = new float[13 * d];
        int[] y = new int[13];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) ((i < 6 ? 0 : 10) + r.nextDouble() * 0.1);
            }
        }
        y[12] = 1;
        Dataset failures = new Dataset("f", new int[] {d}, x, y, TestData.classNames(3));
        int[] refs = DeepRepair.styleReferences(failures, 100, 2, 5);
        assertThat(refs).hasSize(3);
        assertThat(refs[0] < 6).as("one reference from each group of class 0: %s", java.util.Arrays.toString(refs))
                .isNotEqualTo(refs[1] < 6);
        assertThat(refs[2]).isEqualTo(12);
        // at most perClass failures per class are clustered: with 1 per class, one reference each
        assertThat(DeepRepair.styleReferences(failures, 1, 5, 5)).hasSize(2);
    }

    @Test
    void transferMovesTheModelsFeatureStatisticsTowardsTheStyle() {
        Dataset images = TestData.bands("b", 8, 10, 2, 3);
        try (Network cnn = Network.create(TestData.spec("cnn", Map.of("channels", "4", "hidden", "8"), images), 2)) {
            int size = images.sampleSize();
            float[] content = new float[4 * size];
            float[] style = new float[4 * size];
            for (int i = 0; i < 4; i++) {
                images.copySample(i, content, i * size);
                float[] s = images.sample(4 + i);
                for (int j = 0; j < size; j++) {
                    style[i * size + j] = 0.6f + 0.4f * s[j]; // a foggy style
                }
            }
            float[] styled = FeatureStyle.transfer(cnn, content, style, 4, images.sampleShape(),
                    new FeatureStyle.Settings(60, 0.05, 10, 0, 1));
            int layer = FeatureStyle.styleLayers(cnn)[0];
            double before = statisticsGap(cnn, layer, content, style, images.sampleShape());
            double after = statisticsGap(cnn, layer, styled, style, images.sampleShape());
            assertThat(after).as("gap in conv mean/std to the style: before %s, after %s", before, after)
                    .isLessThan(before / 3);
        }
        // no convolutions: closed-form AdaIN on the input's own statistics
        Dataset flat = TestData.blobs("f", 4, 4, 2, 1);
        try (Network mlp = Network.create(TestData.spec("mlp", Map.of("hidden", "8"), flat), 2)) {
            float[] c = {0, 1, 2, 3};
            float[] s = {10, 10, 12, 12};
            float[] out = FeatureStyle.transfer(mlp, c, s, 1, new int[] {4}, new FeatureStyle.Settings(0, 0, 0, -100, 100));
            // std of c (unbiased) = sqrt(5/3), of s = sqrt(4/3); mean 1.5 -> 11
            double scale = Math.sqrt((4 / 3.0 + 1e-5) / (5 / 3.0 + 1e-5));
            for (int i = 0; i < 4; i++) {
                assertThat((double) out[i]).isCloseTo(11 + (c[i] - 1.5) * scale, within(1e-4));
            }
        }
    }

    /** Sum over channels and images of |Δmean| + |Δstd| of one layer's output between two batches. */
    private static double statisticsGap(Network net, int layer, float[] a, float[] b, int[] shape) {
        try (NDManager m = net.manager().newSubManager()) {
            Shape s = new Shape(a.length / (shape[0] * shape[1] * shape[2]), shape[0], shape[1], shape[2]);
            NDArray fa = net.forwardWithTaps(m.create(a, s)).get(layer);
            NDArray fb = net.forwardWithTaps(m.create(b, s)).get(layer);
            NDArray[] sa = FeatureStyle.meanStd(fa);
            NDArray[] sb = FeatureStyle.meanStd(fb);
            return sa[0].sub(sb[0]).abs().sum().getFloat() + sa[1].sub(sb[1]).abs().sum().getFloat();
        }
    }

    @Test
    void theFailuresStyleRepairsHeldOutFailuresThatAugMixAloneDoesNot() {
        // bands images; in the repair and test splits half the images have low contrast (0.5 + 0.2·(x − 0.5)),
        // a style the clean training split never shows: the model fails on many of them. Without style steps
        // DeepRepair is AugMix + JSD alone, which repairs fewer of them
        Splits splits = new Splits("low-contrast", lowContrast("train", 600, 1, false), lowContrast("valid", 150, 2, false),
                lowContrast("repair", 300, 3, true), lowContrast("test", 600, 4, true));
        try (Network model = Network.create(TestData.spec("cnn", Map.of("channels", "4", "hidden", "16"),
                splits.train()), 3)) {
            new Trainer(TrainingConfig.defaults().withEpochs(3).withBatchSize(32).withLearningRate(0.01).withSeed(3))
                    .fit(model, splits.train(), splits.valid());
            int[] withStyle = heldOut(model, splits, Map.of());
            int[] noStyle = heldOut(model, splits, Map.of("styleSteps", "0"));
            assertThat(withStyle[2]).as("the low contrast makes the original fail (else the test shows nothing)")
                    .isGreaterThan(60);
            assertThat(withStyle[0]).as("held-out failures repaired with the failures' style %d, AugMix alone %d, of %d",
                    withStyle[0], noStyle[0], withStyle[2]).isGreaterThan(noStyle[0] + withStyle[2] / 10);
            assertThat(withStyle[0]).isGreaterThan(3 * withStyle[1]);
        }
    }

    /** Bands images of 3 classes; with {@code low}, every other image has its contrast cut to a fifth. */
    private static Dataset lowContrast(String name, int n, long seed, boolean low) {
        Dataset d = TestData.bands(name, n, 10, 3, seed);
        float[] x = d.featuresView().clone();
        int size = d.sampleSize();
        for (int i = 0; low && i < n; i += 2) {
            for (int j = 0; j < size; j++) {
                x[i * size + j] = 0.5f + 0.2f * (x[i * size + j] - 0.5f);
            }
        }
        return d.withFeatures(name, x);
    }

    /** {repaired, newly broken, original failures} on the test split, which the repair never sees. */
    private static int[] heldOut(Network model, Splits splits, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("images", "600", "epochs", "5", "lr", "0.05"));
        options.putAll(extra);
        RepairResult r = new DeepRepair().repair(model, RepairContext.prepare(model, splits, 5, Duration.ofMinutes(3),
                null, options, new PrintStream(new ByteArrayOutputStream())));
        try (Network fixed = r.fixed()) {
            Predictions before = Predictor.predict(model, splits.test());
            Predictions after = Predictor.predict(fixed, splits.test());
            int repaired = 0;
            int broken = 0;
            int failures = 0;
            for (int i = 0; i < before.size(); i++) {
                failures += before.correct(i) ? 0 : 1;
                repaired += !before.correct(i) && after.correct(i) ? 1 : 0;
                broken += before.correct(i) && !after.correct(i) ? 1 : 0;
            }
            return new int[] {repaired, broken, failures};
        }
    }

    static void assertClose(float[] actual, float[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected[i], within(tol + tol * Math.abs(expected[i])));
        }
    }

    static Shape shape(JsonNode a) {
        long[] d = new long[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asLong();
        }
        return new Shape(d);
    }

    static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }
}
