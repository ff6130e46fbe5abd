package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairDiff;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.localize.LinearProbe;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InnerTest extends ApproachTestBase {
    static RepairContext context(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(PlantedFailure.FAST_OPTIONS);
        options.putAll(extra);
        return RepairContext.prepare(original, PlantedFailure.SPLITS, 2, Duration.ofMinutes(2), null, options,
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void changesOnlyTheRepairedBlocksAndWithinTheirWeightsOnlyFaultWeights() {
        // the paper's top-N cut, small, so that the mask visibly restricts the update
        RepairResult r = new Inner().repair(original, context(Map.of("neurons", "20")));
        try (Network fixed = r.fixed()) {
            @SuppressWarnings("unchecked")
            List<String> repaired = (List<String>) r.details().get("repairedBlocks");
            @SuppressWarnings("unchecked")
            Map<String, Integer> faults = (Map<String, Integer>) r.details().get("faultWeights");
            assertThat(repaired).isNotEmpty();
            long weightChanges = 0;
            for (RepairDiff.ParameterChange p : r.diff().parameters()) {
                if (!repaired.contains(p.layerName())) {
                    assertThat(p.changed()).as(p.layerName() + " " + p.parameter() + " is not repaired").isZero();
                } else if (p.parameter().endsWith("weight")) {
                    assertThat(p.changed()).as(p.layerName() + " changes only fault weights")
                            .isLessThanOrEqualTo(faults.get(p.layerName()));
                    assertThat(faults.get(p.layerName())).as("the 20 most counted weights").isEqualTo(20);
                    weightChanges += p.changed();
                }
            }
            assertThat(weightChanges).isPositive();
            // held out: the planted-failure test split, never seen by the repair
            Predictions before = dev.kintsugi.evaluate.Predictor.predict(original, PlantedFailure.SPLITS.test());
            Predictions after = dev.kintsugi.evaluate.Predictor.predict(fixed, PlantedFailure.SPLITS.test());
            int fixedHeldOut = 0;
            for (int i = 0; i < before.size(); i++) {
                fixedHeldOut += !before.correct(i) && after.correct(i) ? 1 : 0;
            }
            // INNER's own promise: failures of the kind it saw get fixed while clean accuracy stays within the
            // 0.1 its stopping rule allows
            assertThat(fixedHeldOut).as("held-out failures fixed").isPositive();
            assertThat(after.accuracy()).as("held-out accuracy, before " + before.accuracy())
                    .isGreaterThanOrEqualTo(before.accuracy() - 0.1);
        }
    }

    @Test
    void probesReadTheBlocksWellAboveChance() {
        Network net = original;
        Inner.Block block = Inner.blocks(net).get(0);
        Dataset train = PlantedFailure.SPLITS.train();
        LinearProbe probe = LinearProbe.train(net, block.point(), train.subset("probe",
                java.util.stream.IntStream.range(0, Math.min(500, train.size())).toArray()), 50, 0.01, 128, 1);
        Dataset test = PlantedFailure.SPLITS.test();
        int right = 0;
        try (ai.djl.ndarray.NDManager sub = net.manager().newSubManager()) {
            float[] logits = probe.logits(net, new dev.kintsugi.model.Batches(test, test.size())
                    .inputs(sub, null, 0, test.size()), false).toFloatArray();
            int k = probe.classes();
            for (int i = 0; i < test.size(); i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    best = logits[i * k + c] > logits[i * k + best] ? c : best;
                }
                right += best == test.label(i) ? 1 : 0;
            }
        }
        Predictions model = dev.kintsugi.evaluate.Predictor.predict(net, test);
        assertThat((double) right / test.size()).as("probe accuracy on held-out inputs")
                .isGreaterThan(1.5 / probe.classes()).isGreaterThan(model.accuracy() - 0.15);
    }
}
