package dev.kintsugi.repair.localize;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Tag("numerical")
class LrpHeatmapsTest {
    /** Zero biases (bias-init 0, untrained): relevance is conserved from the top logit down to every layer. */
    @Test
    void conservesRelevanceInABiasFreeReluMlp() {
        Dataset data = random(new int[] {6}, 5);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "8,7", "bias-init", "0"), data), 1)) {
            assertConserved(net, data, new int[] {1, 3, 5});
        }
    }

    @Test
    void conservesRelevanceThroughConvolutionMaxPoolingAndFlatten() {
        Dataset data = random(new int[] {1, 8, 8}, 4);
        try (Network net = Network.create(TestData.spec("cnn", Map.of("channels", "3", "hidden", "5",
                "bias-init", "0"), data), 2)) {
            int[] weighted = net.layers().stream().filter(l -> l.hasParameters()).mapToInt(l -> l.index()).toArray();
            assertConserved(net, data, weighted);
        }
    }

    /**
     * A large ε keeps a visible share of the relevance in the stabilisers; the share is accounted for, so
     * what reaches each layer plus what was absorbed on the way is still the top logit.
     */
    @Test
    void accountsForTheRelevanceALargeStabiliserAbsorbs() {
        Dataset data = random(new int[] {1, 8, 8}, 4);
        try (Network net = Network.create(TestData.spec("cnn", Map.of("channels", "3", "hidden", "5",
                "bias-init", "0"), data), 2)) {
            int[] weighted = net.layers().stream().filter(l -> l.hasParameters()).mapToInt(l -> l.index()).toArray();
            LrpHeatmaps.Relevance r = assertConserved(net, data, weighted, 0.3);
            double[] absorbedAtInput = r.absorbed().get(0);
            float[] top = topLogits(net, data);
            for (int i = 0; i < data.size(); i++) {
                assertThat(Math.abs(absorbedAtInput[i])).as("sample %d", i).isGreaterThan(0.01 * Math.abs(top[i]));
            }
        }
    }

    private static void assertConserved(Network net, Dataset data, int[] layers) {
        LrpHeatmaps.Relevance r = assertConserved(net, data, layers, 1e-9);
        float[] topLogit = topLogits(net, data);
        for (int layer : layers) {
            for (int i = 0; i < data.size(); i++) {
                assertThat(Math.abs(r.absorbed().get(layer)[i])).as("absorbed, layer %d sample %d", layer, i)
                        .isLessThan(1e-4 * Math.max(1, Math.abs(topLogit[i])));
            }
        }
    }

    private static LrpHeatmaps.Relevance assertConserved(Network net, Dataset data, int[] layers, double epsilon) {
        float[] topLogit = topLogits(net, data);
        LrpHeatmaps.Relevance relevance = LrpHeatmaps.explain(net, data, layers, epsilon);
        for (int layer : layers) {
            for (int i = 0; i < data.size(); i++) {
                double sum = relevance.absorbed().get(layer)[i];
                for (float r : relevance.maps().get(layer)[i]) {
                    sum += r;
                }
                assertThat(sum).as("layer %d sample %d", layer, i)
                        .isCloseTo(topLogit[i], within(1e-3 * Math.max(1, Math.abs(topLogit[i]))));
            }
        }
        return relevance;
    }

    private static float[] topLogits(Network net, Dataset data) {
        try (var sub = net.manager().newSubManager()) {
            var logits = net.forward(sub.create(data.featuresView(), new ai.djl.ndarray.types.Shape(
                    shape(data))), false);
            return logits.max(new int[] {1}).toFloatArray();
        }
    }

    private static long[] shape(Dataset data) {
        int[] s = data.sampleShape();
        long[] out = new long[s.length + 1];
        out[0] = data.size();
        for (int i = 0; i < s.length; i++) {
            out[i + 1] = s[i];
        }
        return out;
    }

    private static Dataset random(int[] shape, int n) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 2);
        }
        return new Dataset("random", shape, x, new int[n], TestData.classNames(3));
    }
}
