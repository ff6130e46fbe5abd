package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.cache.ActivationCache;
import dev.kintsugi.repair.localize.NeuronEffects;
import dev.kintsugi.repair.localize.WeightScores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kintsugi.testing.ReferenceFixture.doubles;
import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kintsugi.testing.ReferenceFixture;

/**
 * Each approach's core computation against numbers {@code tools/repair_reference.py} computed from the
 * original authors' code (transcribed in numpy / torch), on the fixture's tiny network and inputs.
 */
class ApproachReferenceTest {
    static Network net;
    static ActivationCache neg;
    static ActivationCache pos;
    static float[] w;
    static float[] b;

    @BeforeAll
    static void load() {
        net = ReferenceFixture.network("logits");
        neg = ActivationCache.of(net, ReferenceFixture.data("negatives"), 3);
        pos = ActivationCache.of(net, ReferenceFixture.data("positives"), 3);
        w = net.parameterValues(3, "weight");
        b = net.parameterValues(3, "bias");
    }

    @AfterAll
    static void close() {
        net.close();
    }

    @Test
    void arachneLocalisationMatchesRunLocalise() {
        JsonNode a = ReferenceFixture.get("arachne");
        double[] behind = WeightScores.uniformFromBehind(b.length);
        assertThat(WeightScores.gradientLossSum(neg, w, b)).containsExactly(doubles(a.get("glNegatives")), within(1e-5));
        assertThat(WeightScores.arachneForwardImpact(neg, w, behind)).containsExactly(doubles(a.get("fiNegatives")),
                within(1e-6));
        assertThat(Arachne.localise(neg, pos, w, b, 0)).containsExactlyInAnyOrder(ints(a.get("paretoFront")));
    }

    @Test
    void arachneFitnessMatchesTheSearcher() {
        JsonNode a = ReferenceFixture.get("arachne");
        assertThat(Arachne.fitness(pos.evaluateLinear(w, b, null), neg.evaluateLinear(w, b, null), 10))
                .isCloseTo(a.get("fitnessOriginal").asDouble(), within(1e-4));
        float[] candidate = floats(a.get("candidateWeight"));
        assertThat(Arachne.fitness(pos.evaluateLinear(candidate, b, null), neg.evaluateLinear(candidate, b, null), 10))
                .isCloseTo(a.get("fitnessCandidate").asDouble(), within(1e-4));
    }

    @Test
    void arachneSamplesPositivesPerLabelAsSampleInputForLocSophis() {
        JsonNode a = ReferenceFixture.get("arachne");
        int[] labels = ints(a.get("sampleLabels"));
        int[] sample = Arachne.sampleForLocalisation(labels, a.get("sampleNegatives").asInt(), 7);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i : sample) {
            counts.merge(labels[i], 1, Integer::sum);
        }
        Map<Integer, Integer> expected = new HashMap<>();
        a.get("sampleCounts").fields().forEachRemaining(e -> expected.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
        assertThat(counts).isEqualTo(expected);
        assertThat(sample).doesNotHaveDuplicates();
        assertThat(Arachne.sampleForLocalisation(new int[] {0, 1, 2}, 5, 7)).containsExactly(0, 1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logits", "softmax"})
    void careCausalEffectsMatchGetTieDoH(String output) {
        try (Network n = ReferenceFixture.network(output)) {
            double[] effects = NeuronEffects.averageCausalEffectRange(n, ReferenceFixture.data("negatives"), 3, 4);
            assertThat(effects).containsExactly(doubles(ReferenceFixture.get("care").get("effects")), within(1e-6));
        }
    }

    @Test
    void careCostMatchesPsoTestRep() {
        JsonNode c = ReferenceFixture.get("care");
        int[] chosen = ints(c.get("repIndex"));
        double[] r = doubles(c.get("rWeight"));
        assertThat(Care.cost(neg, pos, w, b, chosen, r, 0.1)).isCloseTo(c.get("cost").asDouble(), within(1e-9));
        assertThat(Care.cost(neg, pos, w, b, chosen, r, 0.9)).isCloseTo(c.get("costAlpha09").asDouble(), within(1e-9));
    }

    @Test
    void apricotUpdateMatchesAdjustWeightsWithThePapersSign() {
        JsonNode a = ReferenceFixture.get("apricot");
        float[] weights = floats(a.get("w"));
        int right = a.get("right").asInt();
        int wrong = a.get("wrong").asInt();
        Apricot.update(weights, floats(a.get("meanRight")), floats(a.get("meanWrong")),
                (double) right / (right + wrong), (double) wrong / (right + wrong), a.get("eta").asDouble());
        double[] expected = doubles(a.get("adjusted"));
        for (int i = 0; i < weights.length; i++) {
            assertThat((double) weights[i]).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void apricotReducedModelsSampleEachClass() {
        Dataset d = ReferenceFixture.data("positives");
        Dataset sub = Apricot.perClass(d, 3, 5);
        assertThat(sub.classCounts()).containsExactly(3, 3, 3);
        assertThat(Apricot.perClass(d, 100, 5).size()).isEqualTo(d.size());
    }

    @Test
    void genMuNNImportanceAndErrorMatchTheStatedFormulas() {
        JsonNode g = ReferenceFixture.get("genmunn");
        assertThat(GenMuNN.importance(neg, w, b)).containsExactly(doubles(g.get("importance")), within(1e-6));
        assertThat(dev.kintsugi.repair.localize.ParetoFront.top(GenMuNN.importance(neg, w, b), 5))
                .containsExactly(ints(g.get("top5")));
        ActivationCache all = ActivationCache.of(net, Dataset.concat("all",
                List.of(ReferenceFixture.data("negatives"), ReferenceFixture.data("positives"))), 3);
        assertThat(GenMuNN.error(all, floats(g.get("candidateWeight")), b)).isCloseTo(g.get("error").asDouble(),
                within(1e-9));
    }

    @Test
    void arachneSearchSpaceMatchesDeVkSetBounds() {
        for (JsonNode space : ReferenceFixture.get("searchSpaces")) {
            double[] s = Arachne.searchSpace(floats(space.get("w")));
            assertThat(s).containsExactly(new double[] {space.get("mean").asDouble(), space.get("std").asDouble(),
                    space.get("lower").asDouble(), space.get("upper").asDouble()}, within(1e-6));
        }
        // max_num_of_unchanged = int(max_search_num / 10), at least 10
        assertThat(Arachne.defaultPatience(100)).isEqualTo(10);
        assertThat(Arachne.defaultPatience(30)).isEqualTo(10);
        assertThat(Arachne.defaultPatience(250)).isEqualTo(25);
    }

    @Test
    void genMuNNStdIsTheLayersPopulationStd() {
        for (JsonNode space : ReferenceFixture.get("searchSpaces")) {
            assertThat(GenMuNN.std(floats(space.get("w")))).isCloseTo(space.get("std").asDouble(), within(1e-6));
        }
    }

    @Test
    void initialIndividualsAreNormalWithTheStatedMeanAndSpread() {
        assertNormal(Arachne.initial(new java.util.SplittableRandom(3), 40000, 0.23, 0.92), 0.23, 0.92);
        assertNormal(GenMuNN.noise(new java.util.SplittableRandom(4), 40000, 0.4), 0, 0.4);
    }

    /** Sample mean and std within about 5 standard errors, and 68.3% of the draws within one sigma. */
    private static void assertNormal(double[] x, double mean, double std) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
        long inside = java.util.Arrays.stream(x).filter(v -> Math.abs(v - mean) < std).count();
        assertThat(m).isCloseTo(mean, within(0.025 * std));
        assertThat(sd).isCloseTo(std, within(0.02 * std));
        assertThat((double) inside / x.length).isCloseTo(0.6827, within(0.012));
    }
}
