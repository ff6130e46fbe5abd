package dev.kintsugi.repair;

import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each approach promises, judged on inputs it never saw: the planted-failure test split is held out
 * (a repair sees only the train, valid and repair splits). The original here is trained for 10 epochs, so
 * its failures are mostly the planted sub-population (31 in the repair split, 23 held out). Repairs must
 * fix held-out failures of the same kind; Arachne, CARE and GenMuNN, whose searches score the positives
 * they preserve, must keep the held-out inputs the original got right.
 */
class ApproachPromiseTest {
    static Network original;
    static Predictions before;

    static List<String> generalising() {
        // Apricot fixes none of these failures, in-sample or held out (its valid-accuracy gate rejects the
        // adjusted weights on this tiny data); its own promise is tested below. pct promises fewer flips,
        // not more fixes: it distils the original wherever the original was right, so it is judged below on
        // the positives it keeps and on fixing some held-out failures.
        // VeRe retargets one neuron per round for the failing inputs it bounds, certified only for those
        // (the study measured RR 0.53% for it on CIFAR-10); it is judged below on what it keeps and on some fixes.
        // NeuRecover only undoes what the last epoch broke; this ten-epoch original regressed on nothing in its
        // last epoch, so there is nothing for it to do (NeuRecoverTest holds its promise on a model that did).
        // DeepRepair transfers the failures' style (image statistics) to training data: a planted
        // sub-population of an MLP's features is not a style, and it fixes 2 of 23 here; DeepRepairTest holds
        // its promise on held-out low-contrast failures, against AugMix without the style step.
        return RepairRegistry.all().stream().map(RepairApproach::name)
                .filter(n -> !java.util.Set.of("apricot", "pct", "vere", "nr", "deeprepair").contains(n)).toList();
    }

    @BeforeAll
    static void trainOriginal() {
        original = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), PlantedFailure.SPLITS.train()), 3);
        new Trainer(TrainingConfig.defaults().withEpochs(10).withBatchSize(32).withLearningRate(0.003).withSeed(3))
                .fit(original, PlantedFailure.SPLITS.train(), PlantedFailure.SPLITS.valid());
        before = Predictor.predict(original, PlantedFailure.SPLITS.test());
    }

    @AfterAll
    static void close() {
        original.close();
    }

    static RepairResult repair(String name, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(PlantedFailure.FAST_OPTIONS);
        options.putAll(extra);
        RepairContext c = RepairContext.prepare(original, PlantedFailure.SPLITS, 3, Duration.ofMinutes(2), null,
                options, new PrintStream(new ByteArrayOutputStream()));
        return RepairRegistry.get(name).repair(original, c);
    }

    /** [held-out negatives fixed, held-out negatives, held-out positives kept, held-out positives]. */
    static int[] heldOut(Network fixed) {
        Predictions after = Predictor.predict(fixed, PlantedFailure.SPLITS.test());
        int[] out = new int[4];
        for (int i = 0; i < before.size(); i++) {
            if (before.correct(i)) {
                out[3]++;
                out[2] += after.correct(i) ? 1 : 0;
            } else {
                out[1]++;
                out[0] += after.correct(i) ? 1 : 0;
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("generalising")
    void fixesFailuresItDidNotSee(String name) {
        try (Network fixed = repair(name, Map.of()).fixed()) {
            int[] h = heldOut(fixed);
            assertThat(h[1]).as("the original fails on held-out inputs").isGreaterThanOrEqualTo(10);
            assertThat(h[0]).as(name + " fixed held-out negatives (of " + h[1] + ")").isGreaterThanOrEqualTo(h[1] / 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arachne", "care", "genmunn", "pct"})
    void keepsThePositivesItPreserves(String name) {
        try (Network fixed = repair(name, Map.of()).fixed()) {
            int[] h = heldOut(fixed);
            assertThat((double) h[2] / h[3]).as(name + " kept held-out positives " + h[2] + "/" + h[3])
                    .isGreaterThanOrEqualTo(0.97);
        }
    }

    @Test
    void caresAccuracyTermIsWhatKeepsThePositives() {
        try (Network withTerm = repair("care", Map.of()).fixed();
             Network without = repair("care", Map.of("alpha", "0")).fixed()) {
            assertThat(heldOut(withTerm)[2]).isGreaterThan(heldOut(without)[2]);
        }
    }

    @Test
    void pctFixesSomeHeldOutFailures() {
        try (Network fixed = repair("pct", Map.of()).fixed()) {
            int[] h = heldOut(fixed);
            assertThat(h[0]).as("pct fixed held-out negatives (of " + h[1] + ")").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void vereFixesSomeHeldOutFailuresAndNetsMoreThanItFlips() {
        try (Network fixed = repair("vere", Map.of()).fixed()) {
            int[] h = heldOut(fixed);
            assertThat(h[0]).as("vere fixed held-out negatives (of " + h[1] + ")").isGreaterThanOrEqualTo(3);
            // its best-round rule counts repair inputs right; held out, the fixes outnumber the flips
            assertThat(h[0] + h[2]).as("held-out correct after VeRe").isGreaterThan(h[3]);
        }
    }

    @Test
    void apricotNeverLosesHeldOutAccuracy() {
        try (Network fixed = repair("apricot", Map.of()).fixed()) {
            int[] h = heldOut(fixed);
            assertThat(h[0] + h[2]).as("held-out correct after Apricot").isGreaterThanOrEqualTo(h[3]);
        }
    }
}
