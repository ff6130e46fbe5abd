package dev.kintsugi.repair.approaches;

import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GenMuNNTest extends ApproachTestBase {
    @Test
    void itsFitnessIsTheAccuracyOnTheWholeRepairSplit() {
        RepairContext c = context(5);
        RepairResult r = new GenMuNN().repair(original, c);
        try (Network fixed = r.fixed()) {
            Predictions neg = Predictor.predict(fixed, c.negatives());
            Predictions pos = Predictor.predict(fixed, c.positives());
            int correct = 0;
            for (int i = 0; i < neg.size(); i++) {
                correct += neg.correct(i) ? 1 : 0;
            }
            for (int i = 0; i < pos.size(); i++) {
                correct += pos.correct(i) ? 1 : 0;
            }
            double accuracy = (double) correct / (neg.size() + pos.size());
            assertThat((Double) r.details().get("repairAccuracy")).isCloseTo(accuracy, within(1e-9));
            int head = original.headIndex();
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (!(p.layer() == head && p.parameter().equals("weight"))) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter()).isZero();
                } else {
                    assertThat(p.changed()).isLessThanOrEqualTo(((Number) r.details().get("mutatedWeights")).longValue());
                }
            }
        }
    }

    @Test
    void mutatesOnlyTheMostImportantWeights() {
        java.util.Map<String, String> options = new java.util.HashMap<>(dev.kintsugi.testing.PlantedFailure.FAST_OPTIONS);
        options.put("weights", "10");
        RepairContext c = RepairContext.prepare(original, dev.kintsugi.testing.PlantedFailure.SPLITS, 5,
                java.time.Duration.ofMinutes(2), null, options,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        RepairResult r = new GenMuNN().repair(original, c);
        try (Network fixed = r.fixed()) {
            int head = original.headIndex();
            float[] w = original.parameterValues(head, "weight");
            float[] b = original.parameterValues(head, "bias");
            assertThat(w.length).as("more weights than are mutated").isGreaterThan(10);
            double[] importance = GenMuNN.importance(
                    dev.kintsugi.repair.cache.ActivationCache.of(original, c.negatives(), head), w, b);
            java.util.Set<Integer> top = new java.util.HashSet<>();
            java.util.Arrays.stream(dev.kintsugi.repair.localize.ParetoFront.top(importance, 10)).forEach(top::add);
            float[] after = fixed.parameterValues(head, "weight");
            int changed = 0;
            for (int i = 0; i < w.length; i++) {
                if (after[i] != w[i]) {
                    changed++;
                    assertThat(top).as("changed weight %d is among the 10 most important", i).contains(i);
                }
            }
            assertThat(changed).isPositive();
            assertThat((Integer) r.details().get("mutatedWeights")).isEqualTo(10);
        }
    }
}
