package dev.kintsugi.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;

import static dev.kintsugi.evaluate.PredictionsFixtures.predictions;
import static org.assertj.core.api.Assertions.assertThat;

/** Undefined metrics serialise as JSON null beside their explanation, so reports stay valid JSON. */
class MetricsJsonTest {

    @Test
    void undefinedValuesAreNullsWithNotes() throws Exception {
        int[] labels = {0, 1, 0, 1};
        Correctness c = Correctness.of(predictions(2, labels, labels), predictions(2, labels, labels));
        JsonNode cj = Json.mapper().readTree(Json.toString(c));
        assertThat(cj.get("repairRatePercent").isNull()).isTrue();
        assertThat(cj.get("repairRateNote").asText()).isEqualTo(Correctness.NO_FAILURES);
        assertThat(cj.get("accuracyChange").get("percent").asDouble()).isZero();
        assertThat(cj.get("negativeFlips").asInt()).isZero();

        SensitiveGroups g = SensitiveGroups.of("sex", new String[] {"male", "male", "male", "male"}, "male", "female");
        JsonNode fj = Json.mapper().readTree(Json.toString(Fairness.of(predictions(2, labels, labels), g, 0)));
        assertThat(fj.get("aaod").isNull()).isTrue();
        assertThat(fj.get("aaodNote").asText()).contains("'female'");
        assertThat(fj.get("unprivileged").get("samples").asInt()).isZero();
        assertThat(fj.get("binary").get("disparateImpact").isNull()).isTrue();
        assertThat(fj.get("privileged").get("truePositiveRates")).hasSize(2);
    }
}
