package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RandomRepairTest extends ApproachTestBase {
    @Test
    void changesAsManyOutputWeightsAsArachneLocalisesAndNothingElse() {
        RepairResult r = new RandomRepair().repair(original, context(3));
        RepairResult arachne = new Arachne().repair(original, context(3));
        try (Network fixed = r.fixed(); Network a = arachne.fixed()) {
            int size = (int) r.details().get("weights");
            assertThat(size).isEqualTo(arachne.details().get("localisedWeights")).isPositive();
            assertThat(r.diff().changedValues()).isBetween(1L, (long) size);
            int head = original.headIndex();
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (!(p.layer() == head && p.parameter().equals("weight"))) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
            assertThat((int) r.details().get("trials")).isEqualTo(1000);
        }
    }

    @Test
    void theSubsetIsDistinctAndCoversEveryIndexOverManyDraws() {
        SplittableRandom random = new SplittableRandom(1);
        int[] seen = new int[10];
        for (int t = 0; t < 200; t++) {
            int[] s = RandomRepair.sample(10, 4, random);
            assertThat(Arrays.stream(s).distinct().count()).isEqualTo(4);
            Arrays.stream(s).forEach(i -> seen[i]++);
        }
        // Each index is drawn with probability 0.4: 80 of 200 expected; all within a loose band.
        assertThat(Arrays.stream(seen).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(50, 110));
    }
}
