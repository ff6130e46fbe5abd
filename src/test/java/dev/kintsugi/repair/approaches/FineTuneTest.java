package dev.kintsugi.repair.approaches;

import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline trains on the whole repair split, its failures included. Without the replay the planted
 * sub-population is only in those failures (the positives and the training split's other inputs do not
 * teach it), so fixing most of the failures shows they were trained on.
 */
class FineTuneTest extends ApproachTestBase {
    @Test
    void trainsOnTheRepairSplitsFailuresAndPositives() {
        RepairContext c = RepairContext.prepare(original, PlantedFailure.SPLITS, 5, Duration.ofMinutes(2), null,
                Map.of("epochs", "8", "lr", "0.003", "replay", "0"), new PrintStream(new ByteArrayOutputStream()));
        RepairResult r = new FineTune().repair(original, c);
        try (Network fixed = r.fixed()) {
            assertThat((Integer) r.details().get("trainingSamples")).isEqualTo(c.repair().size());
            Predictions p = Predictor.predict(fixed, c.negatives());
            int patched = 0;
            for (int i = 0; i < p.size(); i++) {
                patched += p.correct(i) ? 1 : 0;
            }
            assertThat(patched).as("patched negatives of %d", p.size()).isGreaterThan(p.size() / 2);
        }
    }
}
