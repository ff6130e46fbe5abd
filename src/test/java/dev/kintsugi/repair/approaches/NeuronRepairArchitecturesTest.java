package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * I-Repair and INNER declare no architecture limits, so both must run on every zoo architecture: an
 * untrained network (plenty of failures) on small 28x28 images, with tiny budgets.
 */
class NeuronRepairArchitecturesTest {
    static final Splits SPLITS = new Splits("bands", TestData.bands("train", 32, 28, 4, 1),
            TestData.bands("valid", 16, 28, 4, 2), TestData.bands("repair", 24, 28, 4, 3),
            TestData.bands("test", 16, 28, 4, 4));

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet5", "cnn", "vgg-small", "resnet-small"})
    void bothRunOnEveryZooArchitecture(String arch) {
        Dataset train = SPLITS.train();
        try (Network original = Network.create(TestData.spec(arch, Map.of(), train), 5)) {
            Map<String, String> options = Map.ofEntries(Map.entry("maxIters", "2"), Map.entry("general", "8"),
                    Map.entry("probeSamples", "16"), Map.entry("probeEpochs", "2"), Map.entry("routingInputs", "2"),
                    Map.entry("routingSteps", "2"), Map.entry("epochs", "1"), Map.entry("cleanEpochs", "1"),
                    Map.entry("lr", "0.01"));
            for (RepairApproach approach : new RepairApproach[] {new IRepair(), new Inner()}) {
                assertThat(approach.architectureLimits()).isEmpty();
                RepairContext c = RepairContext.prepare(original, SPLITS, 1, Duration.ofMinutes(2), null, options,
                        new PrintStream(new ByteArrayOutputStream()));
                RepairResult r = approach.repair(original, c);
                try (Network fixed = r.fixed()) {
                    assertThat(r.diff().changedValues()).as(approach.name() + " on " + arch).isPositive();
                }
            }
        }
    }
}
