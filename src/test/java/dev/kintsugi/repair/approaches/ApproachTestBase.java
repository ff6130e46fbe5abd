package dev.kintsugi.repair.approaches;

import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A small trained model with a planted failure, shared by the approach tests. */
abstract class ApproachTestBase {
    static Network original;

    @BeforeAll
    static void trainOriginal() {
        original = PlantedFailure.trainModel();
    }

    @AfterAll
    static void close() {
        original.close();
    }

    static RepairContext context(long seed) {
        return PlantedFailure.context(original, seed, null);
    }
}
