package dev.kintsugi.repair.lp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MinimalLinearChangeTest {
    /** Made by tools/minimal_linear_change_reference.py (a numpy simplex and a closed form), not by the Java. */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/repair/minimal_linear_change.json");

    @Test
    void optimalDeltaMatchesTheIndependentSimplexAndEveryConstraintHolds() throws IOException {
        JsonNode f = Json.mapper().readTree(FIXTURE.toFile());
        float[] w = floats(f.get("weights"));
        float[] b = floats(f.get("bias"));
        int cases = 0;
        for (JsonNode c : f.get("cases")) {
            JsonNode in = c.get("inputs");
            float[][] inputs = new float[in.size()][];
            int[] classes = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                inputs[k] = floats(in.get(k));
                classes[k] = c.get("classes").get(k).asInt();
            }
            double margin = c.get("margin").asDouble();
            MinimalLinearChange.Solution s = MinimalLinearChange.solve(w, b, inputs, classes, margin);
            assertThat(s.feasible()).as(c.toString()).isEqualTo(c.get("feasible").asBoolean());
            if (!s.feasible()) {
                cases++;
                continue;
            }
            double expected = c.get("delta").asDouble();
            assertThat(s.delta()).isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
            for (float v : s.weightDelta()) {
                assertThat((double) Math.abs(v)).isLessThanOrEqualTo(s.delta() + 1e-5);
            }
            for (int k = 0; k < inputs.length; k++) {
                double[] z = MinimalLinearChange.logits(w, b, s.weightDelta(), s.biasDelta(), inputs[k]);
                for (int j = 0; j < z.length; j++) {
                    if (j != classes[k]) {
                        assertThat(z[classes[k]] - z[j]).as("point %d against class %d", k, j)
                                .isGreaterThanOrEqualTo(margin - 1e-4);
                    }
                }
            }
            cases++;
        }
        assertThat(cases).isEqualTo(3);
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }
}
