package dev.kintsugi.repair.approaches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.ReferenceFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kintsugi.testing.ReferenceFixture.doubles;
import static dev.kintsugi.testing.ReferenceFixture.floats;
import static dev.kintsugi.testing.ReferenceFixture.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Apricot's batch step against {@code tools/repair_reference.py}'s transcription of {@code weight_adjust.py}
 * (which rDLMs count as right, the skip rule, the group means, the update applied input after input), and its
 * loop on the planted failure: it adjusts, keeps only weights that raised valid accuracy, and patches
 * negatives.
 */
class ApricotTest extends ApproachTestBase {
    @Test
    void adjustsForEachFailureOfTheBatchAsWeightAdjustPy() {
        JsonNode a = ReferenceFixture.get("apricotBatch");
        List<float[]> rdlms = new ArrayList<>();
        a.get("rdlms").forEach(m -> rdlms.add(floats(m)));
        List<Predictions> verdicts = new ArrayList<>();
        for (JsonNode row : a.get("rdlmRight")) {
            int[] right = ints(row);
            int[] labels = new int[right.length];
            int[] predicted = new int[right.length];
            for (int i = 0; i < right.length; i++) {
                predicted[i] = right[i] == 1 ? 0 : 1;
            }
            verdicts.add(new Predictions("batch", labels, predicted, new float[right.length * 2], 2));
        }
        int[] originRight = ints(a.get("originRight"));
        float[] w = floats(a.get("w"));
        int adjusted = 0;
        for (int i = 0; i < originRight.length; i++) {
            if (originRight[i] == 0) {
                adjusted += Apricot.adjust(w, rdlms, verdicts, i, a.get("eta").asDouble()) ? 1 : 0;
            }
        }
        assertThat(adjusted).isEqualTo(a.get("adjustedInputs").asInt());
        double[] expected = doubles(a.get("adjusted"));
        for (int j = 0; j < w.length; j++) {
            assertThat((double) w[j]).as("weight %d", j).isCloseTo(expected[j], within(1e-5));
        }
    }

    @Test
    void skipsAFailureOnWhichEveryReducedModelAgrees() {
        JsonNode a = ReferenceFixture.get("apricotBatch");
        List<float[]> rdlms = new ArrayList<>();
        a.get("rdlms").forEach(m -> rdlms.add(floats(m)));
        List<Predictions> allRight = new ArrayList<>();
        for (int m = 0; m < rdlms.size(); m++) {
            allRight.add(new Predictions("batch", new int[] {0}, new int[] {0}, new float[2], 2));
        }
        float[] w = floats(a.get("w"));
        assertThat(Apricot.adjust(w, rdlms, allRight, 0, 0.05)).isFalse();
        assertThat(w).containsExactly(floats(a.get("w")));
    }

    @Test
    void keepsOnlyAdjustmentsThatRaiseValidAccuracyAndPatchesNegatives() {
        RepairContext c = context(7);
        byte[] before = original.snapshot();
        RepairResult r = new Apricot().repair(original, c);
        try (Network fixed = r.fixed()) {
            assertThat((Integer) r.details().get("rdlmsTrained")).isEqualTo(6);
            assertThat((Integer) r.details().get("adjustedSamples")).isPositive()
                    .isLessThanOrEqualTo(c.negatives().size());
            double originalValid = Predictor.predict(original, c.valid()).accuracy();
            double fixedValid = Predictor.predict(fixed, c.valid()).accuracy();
            assertThat((Double) r.details().get("bestValidAccuracy")).as("the returned weights are the best ones")
                    .isCloseTo(fixedValid, within(1e-9));
            assertThat(fixedValid).isGreaterThan(originalValid);
            Predictions neg = Predictor.predict(fixed, c.negatives());
            int patched = 0;
            for (int i = 0; i < neg.size(); i++) {
                patched += neg.correct(i) ? 1 : 0;
            }
            assertThat(patched).as("patched negatives of %d", neg.size()).isPositive();
            assertThat(original.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void keepsATiedBatchAndRestoresOnlyAWorseOneAsWeightAdjustPy() {
        // weight_adjust.py: `if bestAcc < currAcc: best = ...` / `else: if bestAcc != currAcc: restore`
        assertThat(Apricot.BatchOutcome.of(0.81, 0.80)).isEqualTo(Apricot.BatchOutcome.NEW_BEST);
        assertThat(Apricot.BatchOutcome.of(0.80, 0.80)).isEqualTo(Apricot.BatchOutcome.KEEP);
        assertThat(Apricot.BatchOutcome.of(0.79, 0.80)).isEqualTo(Apricot.BatchOutcome.RESTORE);
    }

    static RepairContext contextWith(long seed, java.util.Map<String, String> extra) {
        java.util.Map<String, String> options = new java.util.HashMap<>(dev.kintsugi.testing.PlantedFailure.FAST_OPTIONS);
        options.putAll(extra);
        return RepairContext.prepare(original, dev.kintsugi.testing.PlantedFailure.SPLITS, seed,
                java.time.Duration.ofMinutes(2), null, options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    @Test
    void theReducedModelsStopAtTheirShareOfTheBudgetButNeverBelowTwo() {
        assertThat(new Apricot().name()).isEqualTo("apricot");
        RepairResult tiny = new Apricot().repair(original, contextWith(7, java.util.Map.of("rdlmBudgetShare", "1e-9")));
        tiny.fixed().close();
        assertThat(tiny.details().get("rdlmsTrained")).as("two are needed to split right from wrong").isEqualTo(2);
        assertThat((Integer) tiny.details().get("batches")).as("and the adjustment still runs").isPositive();
        RepairResult whole = new Apricot().repair(original, contextWith(7, java.util.Map.of("rdlmBudgetShare", "1")));
        whole.fixed().close();
        assertThat(whole.details().get("rdlmsTrained")).isEqualTo(6);
        for (String bad : List.of("0", "1.5", "-1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Apricot().repair(original,
                            contextWith(7, java.util.Map.of("rdlmBudgetShare", bad))))
                    .isInstanceOf(dev.kintsugi.KintsugiException.class).hasMessageContaining("rdlmBudgetShare");
        }
    }
}
