package dev.kintsugi.failures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.Network;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureStudyTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void targetedImagesFixMoreHeldoutFailuresThanRandomOnesAndEverythingIsWritten(@TempDir Path dir) throws Exception {
        Splits splits = FailureFakes.splits(11);
        try (Network model = Network.create(TestData.spec("mlp", Map.of("hidden", "32"), splits.train()), 1)) {
            new Trainer(TrainingConfig.defaults().withEpochs(3).withSeed(1)).fit(model, splits.train(), splits.valid());
            float[] before = model.flatParameters();
            HeadRetrainingConfig head = HeadRetrainingConfig.paperDefaults().withEpochs(300).withTrainPerClass(0);
            FailureStudy.Settings s = new FailureStudy.Settings(2, 5, new HeadRetrainer(head), head, List.of(0.0, 0.5),
                    "background", 3);
            try (FailureStudy.Outcome o = FailureStudy.run(model, splits, FailureFakes.components(), s, QUIET)) {
                FailureStudyResult r = o.result();
                assertThat(r.row("original").debugSeed()).isZero();
                assertThat(r.row("original").debugHeldout()).isZero();
                assertThat(r.debugTrainImages()).isEqualTo(r.randomTrainImages());
                assertThat(r.debugTrainImages()).isEqualTo(5 * r.failureModes().stream().mapToInt(FailureMode::failures).sum());
                // the paper's baseline repeats the class's own (biased) contexts, so targeted images beat it; the
                // fair one draws every context, the failures' too, so on these three contexts it may match ours
                // (the real benchmark's figures are in docs/BENCHMARKS.md) but must beat the biased one
                double oursGain = r.row("ours").debugHeldout();
                double biasedGain = r.row("random-class-contexts").debugHeldout();
                assertThat(oursGain).isGreaterThan(biasedGain);
                assertThat(r.row("random").debugHeldout()).isGreaterThan(biasedGain);
                assertThat(r.lambdaSweep()).hasSize(2);
                assertThat(r.describerAccuracy().accuracy()).isEqualTo(1.0);
                assertThat(model.flatParameters()).containsExactly(before);

                Path out = dir.resolve("run");
                Files.createDirectories(out);
                FailureOutputs.write(o, splits, "fake-bg", "in memory", null, "test", System.nanoTime(), out);
                JsonNode json = Json.mapper().readTree(out.resolve(FailureOutputs.JSON).toFile());
                assertThat(json.at("/study/accuracy")).hasSize(4);
                assertThat(json.at("/study/failureModesInWords/0").asText()).contains(" on ").contains("failure");
                assertThat(Files.readString(out.resolve(FailureOutputs.HTML))).contains("Table 2").contains("<svg");
                try (SavedModel ours = ModelStore.load(out.resolve(FailureOutputs.OURS))) {
                    assertThat(ours.provenance().parameters).containsEntry("mitigation", "head");
                }
            }
        }
    }
}
