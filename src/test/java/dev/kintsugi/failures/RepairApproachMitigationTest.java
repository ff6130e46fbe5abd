package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepairApproachMitigationTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aRepairApproachLearnsFromTheGeneratedImagesAndLeavesTheOriginalAlone() {
        Splits splits = FailureFakes.splits(31);
        try (Network model = Network.create(TestData.spec("mlp", Map.of("hidden", "16"), splits.train()), 2)) {
            new Trainer(TrainingConfig.defaults().withEpochs(2).withSeed(2)).fit(model, splits.train(), splits.valid());
            float[] before = model.flatParameters();
            Dataset debugTrain = FailureFakes.generator().generate("class1", 1, "red", 150, 4);
            Mitigation finetune = Mitigations.byName("finetune", HeadRetrainingConfig.paperDefaults(),
                    Duration.ofMinutes(1), Map.of("epochs", "3", "lr", "0.003"));
            assertThat(finetune.name()).isEqualTo("finetune");
            try (Network fixed = finetune.mitigate(model, splits, debugTrain, 1, QUIET)) {
                assertThat(model.flatParameters()).containsExactly(before);
                Dataset probe = FailureFakes.generator().generate("class1", 1, "red", 100, 77);
                assertThat(FailureStudy.accuracy(fixed, probe)).isGreaterThan(FailureStudy.accuracy(model, probe));
            }
        }
    }

    @Test
    void anUnknownMitigationNamesTheChoices() {
        assertThatThrownBy(() -> Mitigations.byName("magic", HeadRetrainingConfig.paperDefaults(), Duration.ofMinutes(1),
                Map.of())).isInstanceOf(KintsugiException.class).hasMessageContaining("unknown mitigation 'magic'; choose head or a repair approach")
                .hasMessageContaining("finetune");
    }
}
