package dev.kintsugi.repair;

import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every approach promises, on a tiny model with a planted failure: it improves the repair split's
 * negatives, is deterministic under a seed, and leaves the original network untouched. Level-specific
 * promises (which parameters may change) are checked in each approach's own test.
 */
class ApproachContractTest {
    static Network original;
    /**
     * The same planted failure trained three epochs, for approaches that repair what the last epoch broke
     * (NeuRecover): after one epoch the previous "epoch" is the initialisation and nothing regressed.
     */
    static Network threeEpochs;

    static List<String> approaches() {
        return RepairRegistry.all().stream().map(RepairApproach::name).toList();
    }

    @BeforeAll
    static void trainOriginal() {
        original = PlantedFailure.trainModel();
        threeEpochs = PlantedFailure.trainModel(3);
    }

    @AfterAll
    static void close() {
        original.close();
        threeEpochs.close();
    }

    static Network originalFor(String approach) {
        return approach.equals("nr") ? threeEpochs : original;
    }

    static RepairContext context(long seed) {
        return PlantedFailure.context(original, seed, null);
    }

    static int patched(Network model, RepairContext c) {
        Predictions p = Predictor.predict(model, c.negatives());
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.correct(i) ? 1 : 0;
        }
        return n;
    }

    @ParameterizedTest
    @MethodSource("approaches")
    void improvesTheNegativesDeterministicallyWithoutTouchingTheOriginal(String name) {
        Network original = originalFor(name);
        byte[] before = original.snapshot();
        RepairContext c1 = PlantedFailure.context(original, 7, null);
        RepairResult a = RepairRegistry.get(name).repair(original, c1);
        RepairResult b = RepairRegistry.get(name).repair(original, PlantedFailure.context(original, 7, null));
        try (Network fa = a.fixed(); Network fb = b.fixed()) {
            assertThat(patched(fa, c1)).as(name + " patched negatives of " + c1.negatives().size()).isPositive();
            assertThat(fa.snapshot()).as(name + " is deterministic").isEqualTo(fb.snapshot());
            assertThat(original.snapshot()).as(name + " leaves the original alone").isEqualTo(before);
            assertThat(a.diff().changedValues()).isPositive();
        }
    }
}
