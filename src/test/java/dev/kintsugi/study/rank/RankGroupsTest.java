package dev.kintsugi.study.rank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Both rank-group procedures against tools/rank_groups.py, an independent numpy transcription (fixture
 * rank_groups.json): Mann-Whitney p-values, Holm's adjustment, the letters (including an overlapping "ab") and
 * Scott-Knott ESD's groups.
 */
class RankGroupsTest {
    private static JsonNode fixture() throws IOException {
        try (InputStream in = RankGroupsTest.class.getResourceAsStream("/dev/kintsugi/study/rank_groups.json")) {
            return Json.mapper().readTree(in);
        }
    }

    private static Map<String, double[]> samples(JsonNode set) {
        Map<String, double[]> m = new LinkedHashMap<>();
        set.get("samples").fields().forEachRemaining(e -> {
            double[] v = new double[e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getValue().get(i).asDouble();
            }
            m.put(e.getKey(), v);
        });
        return m;
    }

    @Test
    void pValuesAndHolmMatchTheIndependentScript() throws IOException {
        for (JsonNode set : fixture().get("sets")) {
            Map<String, double[]> s = samples(set);
            double[] p = new double[set.get("pairs").size()];
            for (int k = 0; k < p.length; k++) {
                JsonNode pair = set.get("pairs").get(k);
                p[k] = new MannWhitneyUTest().mannWhitneyUTest(s.get(pair.get(0).asText()), s.get(pair.get(1).asText()));
                assertThat(p[k]).as(set.get("title") + " " + pair).isCloseTo(set.get("mannWhitneyP").get(k).asDouble(),
                        within(1e-9));
            }
            double[] adjusted = LetterDisplay.holm(p);
            for (int k = 0; k < p.length; k++) {
                assertThat(adjusted[k]).isCloseTo(set.get("holm").get(k).asDouble(), within(1e-9));
            }
        }
    }

    @Test
    void lettersMatchTheIndependentScriptAndCanOverlap() throws IOException {
        boolean overlapSeen = false;
        for (JsonNode set : fixture().get("sets")) {
            Map<String, String> letters = LetterDisplay.letters(samples(set), set.get("higherIsBetter").asBoolean(), 0.05);
            Map<String, String> expected = new LinkedHashMap<>();
            set.get("letters").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
            assertThat(letters).as(set.get("title").asText()).isEqualTo(expected);
            assertThat(letters.keySet()).containsExactlyElementsOf(java.util.stream.StreamSupport
                    .stream(set.get("orderBestFirst").spliterator(), false).map(JsonNode::asText).toList());
            overlapSeen |= letters.values().stream().anyMatch(l -> l.length() > 1);
        }
        assertThat(overlapSeen).as("a fixture set with overlapping letters").isTrue();
    }

    @Test
    void scottKnottEsdMatchesTheIndependentScript() throws IOException {
        int groupsSeen = 0;
        for (JsonNode set : fixture().get("sets")) {
            Map<String, Integer> ranks = ScottKnottEsd.ranks(samples(set), set.get("higherIsBetter").asBoolean(), 0.05);
            Map<String, Integer> expected = new LinkedHashMap<>();
            set.get("scottKnottEsd").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asInt()));
            assertThat(ranks).as(set.get("title").asText()).isEqualTo(expected);
            groupsSeen = Math.max(groupsSeen, ranks.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        }
        assertThat(groupsSeen).isGreaterThanOrEqualTo(4);
    }

    @Test
    void cohensDOfNegligibleAndClearDifferences() {
        assertThat(ScottKnottEsd.cohensD(new double[] {1, 2, 3}, new double[] {1, 2, 3})).isZero();
        // Means 2 and 4, pooled sd 1: d = -2 (by hand).
        assertThat(ScottKnottEsd.cohensD(new double[] {1, 2, 3}, new double[] {3, 4, 5})).isCloseTo(-2, within(1e-12));
        assertThat(ScottKnottEsd.cohensD(new double[] {1, 1}, new double[] {2, 2})).isInfinite();
    }
}
