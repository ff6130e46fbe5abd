package dev.kintsugi.repair.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.testing.ReferenceFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** HUDD's cluster count and WICD against clusterModule.py and kneed, transcribed in tools/repair_reference.py. */
class HuddReferenceTest {
    @Test
    void gradientAndKneesMatchDoClustering() {
        for (JsonNode c : ReferenceFixture.get("hudd").get("curves")) {
            double[] wicd = ReferenceFixture.doubles(c.get("wicd"));
            assertThat(Gradients.gradientO4(wicd, 4)).containsExactly(ReferenceFixture.doubles(c.get("gradient")),
                    within(1e-12));
            double[] ks = new double[wicd.length];
            for (int i = 0; i < ks.length; i++) {
                ks[i] = i + 2;
            }
            JsonNode kg = c.get("kneeGradientK");
            if (kg.isNull()) {
                assertThat(Kneedle.concaveIncreasing(ks, Gradients.gradientO4(wicd, 4))).isEmpty();
            } else {
                assertThat(Kneedle.concaveIncreasing(ks, Gradients.gradientO4(wicd, 4))).hasValue(kg.asInt() - 2);
                assertThat(HeatmapClusters.chooseIndex(wicd, HeatmapClusters.Knee.GRADIENT)).isEqualTo(kg.asInt() - 2);
            }
            JsonNode kr = c.get("kneeRawK");
            if (kr.isNull()) {
                assertThat(Kneedle.convexDecreasing(ks, wicd)).isEmpty();
            } else {
                assertThat(HeatmapClusters.chooseIndex(wicd, HeatmapClusters.Knee.RAW)).isEqualTo(kr.asInt() - 2);
            }
        }
    }

    @Test
    void wicdMatchesGetAvgLayerWicd() {
        JsonNode h = ReferenceFixture.get("hudd");
        int[] labels = ReferenceFixture.ints(h.get("labels"));
        int[] zeroBased = new int[labels.length];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            zeroBased[i] = labels[i] - 1;
            k = Math.max(k, labels[i]);
        }
        assertThat(Wicd.of(ReferenceFixture.matrix(h.get("distances")), zeroBased, k))
                .isCloseTo(h.get("wicd").asDouble(), within(1e-12));
    }
}
