package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeepRepair and HybridRepair claim no architecture limits: each repairs an (untrained, so failing)
 * model of every zoo architecture on 28x28 images, with tiny budgets, and changes its weights.
 */
class ModelLevelArchitecturesTest {
    static final Splits IMAGES = new Splits("bands28", TestData.bands("train", 60, 28, 3, 1),
            TestData.bands("valid", 30, 28, 3, 2), TestData.bands("repair", 60, 28, 3, 3), TestData.bands("test", 30, 28, 3, 4));

    @ParameterizedTest
    @CsvSource({"deeprepair,mlp", "deeprepair,lenet5", "deeprepair,cnn", "deeprepair,vgg-small", "deeprepair,resnet-small",
            "hybridrepair,mlp", "hybridrepair,lenet5", "hybridrepair,cnn", "hybridrepair,vgg-small",
            "hybridrepair,resnet-small"})
    void repairsEveryZooArchitecture(String approach, String arch) {
        RepairApproach a = approach.equals("deeprepair") ? new DeepRepair() : new HybridRepair();
        assertThat(a.architectureLimits()).isEmpty();
        Map<String, String> options = approach.equals("deeprepair")
                ? Map.of("images", "60", "epochs", "1", "styleSteps", "2", "lr", "0.01")
                : Map.of("replay", "60", "epochs", "1", "budget", "10", "kmeansIterations", "10");
        try (Network model = Network.create(TestData.spec(arch, Map.of(), IMAGES.train()), 3)) {
            RepairResult r = a.repair(model, RepairContext.prepare(model, IMAGES, 1, Duration.ofMinutes(2), null, options,
                    new PrintStream(new ByteArrayOutputStream())));
            try (Network fixed = r.fixed()) {
                assertThat(r.diff().changedValues()).as(approach + " on " + arch).isPositive();
            }
        }
    }
}
