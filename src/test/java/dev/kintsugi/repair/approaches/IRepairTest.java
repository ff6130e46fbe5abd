package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.finetune.MaskedUpdate;
import dev.kintsugi.repair.finetune.MaskedUpdate.Param;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IRepairTest extends ApproachTestBase {
    static RepairContext context(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(PlantedFailure.FAST_OPTIONS);
        options.putAll(extra);
        return RepairContext.prepare(original, PlantedFailure.SPLITS, 5, Duration.ofMinutes(2), null, options,
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void anIterationMovesOnlyTheEntriesItsInfluenceMaskAllows() {
        RepairContext c = context(Map.of());
        try (Network net = original.copy()) {
            List<Param> params = MaskedUpdate.trainable(net);
            Dataset general = IRepair.balanced(c.positives(), 40);
            Map<String, float[]> before = new HashMap<>();
            params.forEach(p -> before.put(p.key(), p.values()));
            Map<String, float[]> masks = IRepair.iterate(net, params, general, c.negatives(),
                    IRepair.remaining(net, c.negatives()), 10, MaskedUpdate.RmsProp.torchDefaults(1e-3));
            long moved = 0;
            long allowed = MaskedUpdate.selected(masks);
            for (Param p : params) {
                float[] b = before.get(p.key());
                float[] a = p.values();
                float[] m = masks.get(p.key());
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        assertThat(a[i]).as("%s[%d] is masked", p.key(), i).isEqualTo(b[i]);
                    } else if (a[i] != b[i]) {
                        moved++;
                    }
                }
            }
            assertThat(allowed).as("some parameters are trainable").isPositive()
                    .as("not all parameters are trainable").isLessThan(net.parameterCount());
            assertThat(moved).isPositive();
        }
    }

    @Test
    void aLargerGeneralInfluenceWeightTrainsFewerParameters() {
        RepairContext c = context(Map.of());
        List<Param> params = MaskedUpdate.trainable(original);
        Dataset general = IRepair.balanced(c.positives(), 40);
        Dataset specific = c.negatives();
        long loose = trainable(IRepair.scores(original, params, general, specific, 0.1));
        long tight = trainable(IRepair.scores(original, params, general, specific, 10));
        assertThat(tight).isLessThan(loose);
    }

    @Test
    void theGeneralSetIsClassBalancedAndCorrectlyClassified() {
        RepairContext c = context(Map.of());
        Dataset general = IRepair.balanced(c.positives(), 40);
        assertThat(general.size()).isEqualTo(Math.min(40, c.positives().size()));
        int[] counts = general.classCounts();
        int[] available = c.positives().classCounts();
        int max = java.util.Arrays.stream(counts).max().orElseThrow();
        for (int k = 0; k < counts.length; k++) {
            // a class has at most one fewer than the largest unless it has given all it has
            if (counts[k] < max - 1) {
                assertThat(counts[k]).as("class %d gave all its positives", k).isEqualTo(available[k]);
            }
        }
        Predictions p = Predictor.predict(original, general);
        assertThat(p.accuracy()).isEqualTo(1.0);
    }

    @Test
    void repairsTheSpecificInputsUntilNoneFailsOrTheIterationsRunOut() {
        RepairContext c = context(Map.of("maxIters", "300"));
        RepairResult r = new IRepair().repair(original, c);
        RepairResult unmasked = new IRepair().repair(original, context(Map.of("maxIters", "300", "gamma", "1e-30")));
        try (Network fixed = r.fixed(); Network plain = unmasked.fixed()) {
            int still = (Integer) r.details().get("stillFailing");
            assertThat(still).isEqualTo(IRepair.remaining(fixed, c.negatives()).length);
            if (still > 0) {
                assertThat(r.details().get("iterations")).isEqualTo(300);
            }
            assertThat(still).as("fixed most of " + c.negatives().size()).isLessThan(c.negatives().size() / 2);
            // held out: the planted-failure test split, never seen by the repair
            Predictions before = Predictor.predict(original, PlantedFailure.SPLITS.test());
            Predictions after = Predictor.predict(fixed, PlantedFailure.SPLITS.test());
            int kept = 0;
            int right = 0;
            int fixedHeldOut = 0;
            for (int i = 0; i < before.size(); i++) {
                if (before.correct(i)) {
                    right++;
                    kept += after.correct(i) ? 1 : 0;
                } else {
                    fixedHeldOut += after.correct(i) ? 1 : 0;
                }
            }
            int keptPlain = 0;
            Predictions afterPlain = Predictor.predict(plain, PlantedFailure.SPLITS.test());
            for (int i = 0; i < before.size(); i++) {
                keptPlain += before.correct(i) && afterPlain.correct(i) ? 1 : 0;
            }
            // the influence mask is what keeps the general behaviour: with gamma ~ 0 every parameter trains
            assertThat(kept).as("held-out positives kept " + kept + "/" + right + ", unmasked " + keptPlain)
                    .isGreaterThan(keptPlain);
            assertThat(fixedHeldOut).as("held-out failures fixed").isPositive();
        }
    }

    private static long trainable(Map<String, float[]> scores) {
        long n = 0;
        for (float[] s : scores.values()) {
            for (float v : s) {
                n += v >= 1 ? 1 : 0;
            }
        }
        return n;
    }
}
