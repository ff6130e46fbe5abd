package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Correctness;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeMTest extends ApproachTestBase {
    @Test
    void fixesTheRepairPointsWithTheSmallestOutputLayerChangeAndTouchesNothingElse() {
        RepairResult r = new ThreeM().repair(original, context(4));
        try (Network fixed = r.fixed()) {
            int head = original.headIndex();
            int points = (int) r.details().get("points");
            int pointsFixed = (int) r.details().get("pointsFixed");
            assertThat(pointsFixed).isPositive();
            double delta = (double) r.details().get("delta");
            // the change is an L-inf ball of radius delta, attained by some weight
            float[] before = original.parameterValues(head, "weight");
            float[] after = fixed.parameterValues(head, "weight");
            double largest = 0;
            for (int i = 0; i < before.length; i++) {
                largest = Math.max(largest, Math.abs(after[i] - before[i]));
            }
            assertThat(largest).isLessThanOrEqualTo(delta + 1e-5).isGreaterThan(delta * 0.5);
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (p.layer() != head) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                }
            }
            Dataset negatives = context(4).negatives();
            Predictions p = Predictor.predict(fixed, negatives);
            int right = 0;
            for (int i = 0; i < p.size(); i++) {
                right += p.correct(i) ? 1 : 0;
            }
            assertThat(right).as("of %d negatives, %d asked", negatives.size(), pointsFixed)
                    .isGreaterThanOrEqualTo(pointsFixed);
            if ((boolean) r.details().get("allFeasible")) {
                assertThat(pointsFixed).isEqualTo(points);
            }
            // the planted failure is one sub-population, so a fix of 25 of its members carries over to held-out
            // members more often than it breaks held-out inputs the original got right
            Correctness held = Correctness.of(Predictor.predict(original, PlantedFailure.SPLITS.test()),
                    Predictor.predict(fixed, PlantedFailure.SPLITS.test()));
            assertThat(held.repaired()).as("held-out repaired vs flipped").isGreaterThan(held.negativeFlips());
        }
    }
}
