package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArachneTest extends ApproachTestBase {
    @Test
    void changesOnlyTheLocalisedWeightsOfTheLastLayer() {
        RepairResult r = new Arachne().repair(original, context(1));
        try (Network fixed = r.fixed()) {
            int head = original.headIndex();
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (p.layer() == head && p.parameter().equals("weight")) {
                    assertThat(p.changed()).isPositive()
                            .isLessThanOrEqualTo(((Number) r.details().get("localisedWeights")).longValue());
                } else {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
        }
    }
}
