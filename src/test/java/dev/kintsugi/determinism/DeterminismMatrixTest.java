package dev.kintsugi.determinism;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.stability.CollapseRule;
import dev.kintsugi.diagnose.stability.StabilityResult;
import dev.kintsugi.diagnose.stability.StabilityStudy;
import dev.kintsugi.diagnose.stability.StudyDesign;
import dev.kintsugi.diagnose.stability.StudyDirectory;
import dev.kintsugi.diagnose.stability.Vary;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairRegistry;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.testing.PlantedFailure;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same seed, same numbers: every zoo architecture (default widths and narrow ones such as an 8-channel stem,
 * whose convolutions hit the natives' faulty input-gradient kernel without {@code KernelWorkarounds}) × 1 and 2
 * threads × two seeds, each trained twice; parameters must be bit-identical to the repeat and every loss
 * finite. Then every repair approach and a stability study at 2 threads, each run twice.
 *
 * <p>The suite runs with one thread (pom), so these cases set the thread count themselves. Tagged
 * {@code numerical}: CI also runs them under {@code ONEDNN_MAX_CPU_ISA=SSE41} and {@code AVX2}.
 */
@Tag("numerical")
class DeterminismMatrixTest {
    static final Dataset TRAIN = TestData.bands("train", 48, 28, 4, 1);
    static final Dataset VALID = TestData.bands("valid", 16, 28, 4, 2);

    @AfterEach
    void oneThreadAgain() {
        Engines.configureThreads(1);
    }

    static Stream<Arguments> matrix() {
        List<Map<String, String>> configs = List.of(
                Map.of("arch", "mlp"),
                Map.of("arch", "cnn", "channels", "8,16", "hidden", "32"),
                Map.of("arch", "cnn", "channels", "6,12", "hidden", "32", "batchnorm", "true"),
                Map.of("arch", "lenet5"),
                Map.of("arch", "vgg-small", "channels", "8,16,16"),
                Map.of("arch", "resnet-small"),
                Map.of("arch", "resnet-small", "channels", "8,16,32"),
                Map.of("arch", "resnet-small", "channels", "8,16,32", "batchnorm", "false"));
        List<Arguments> out = new ArrayList<>();
        for (Map<String, String> c : configs) {
            for (int threads : new int[] {1, 2}) {
                out.add(Arguments.of(c, threads));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} threads={1}")
    @MethodSource("matrix")
    void trainingRepeatsBitForBitWithFiniteLosses(Map<String, String> config, int threads) {
        Engines.configureThreads(threads);
        Map<String, String> options = new java.util.TreeMap<>(config);
        String arch = options.remove("arch");
        ArchitectureSpec spec = TestData.spec(arch, options, TRAIN);
        for (long seed : new long[] {1, 2}) {
            byte[] first = null;
            for (int repeat = 0; repeat < 2; repeat++) {
                try (Network net = Network.create(spec, seed)) {
                    TrainingHistory h = new Trainer(TrainingConfig.defaults().withEpochs(1).withBatchSize(16)
                            .withSeed(seed)).fit(net, TRAIN, VALID);
                    assertThat(h.batchLosses).as("%s seed %d: losses", config, seed)
                            .allSatisfy(l -> assertThat(Double.isFinite(l)).isTrue());
                    float[] p = net.flatParameters();
                    for (float v : p) {
                        assertThat(Float.isFinite(v)).as("%s seed %d: finite parameters", config, seed).isTrue();
                    }
                    byte[] snapshot = net.snapshot();
                    if (first == null) {
                        first = snapshot;
                    } else {
                        assertThat(snapshot).as("%s seed %d threads %d: repeat is bit-identical", config, seed,
                                threads).isEqualTo(first);
                    }
                }
            }
        }
    }

    static List<String> approaches() {
        return RepairRegistry.all().stream().map(RepairApproach::name).toList();
    }

    @ParameterizedTest
    @MethodSource("approaches")
    void everyRepairRepeatsBitForBitAtTwoThreads(String name) {
        Engines.configureThreads(2);
        // NeuRecover needs an earlier epoch that got something right the last one gets wrong (see PlantedFailure)
        try (Network original = PlantedFailure.trainModel(name.equals("nr") ? 3 : 1)) {
            RepairResult a = RepairRegistry.get(name).repair(original, PlantedFailure.context(original, 7, null));
            RepairResult b = RepairRegistry.get(name).repair(original, PlantedFailure.context(original, 7, null));
            try (Network fa = a.fixed(); Network fb = b.fixed()) {
                assertThat(fb.snapshot()).as(name + " at 2 threads").isEqualTo(fa.snapshot());
            }
        }
    }

    @Test
    void aStabilityStudyRepeatsAtTwoThreads(@TempDir Path tmp) {
        Engines.configureThreads(2);
        Splits splits = new Splits("bands", TRAIN, VALID, TestData.bands("repair", 16, 28, 4, 3),
                TestData.bands("test", 32, 28, 4, 4));
        ArchitectureSpec spec = TestData.spec("resnet-small", Map.of("channels", "8,16,32"), TRAIN);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(16).withSeed(3);
        StudyDesign design = new StudyDesign(spec.architecture(), spec.options(), false, "bands", 0,
                TRAIN.checksum(), VALID.checksum(), splits.test().checksum(), config, Vary.INIT, 1);
        List<List<StabilityResult.Run>> results = new ArrayList<>();
        for (int repeat = 0; repeat < 2; repeat++) {
            StabilityResult r = new StabilityStudy(design, spec, splits, CollapseRule.defaults())
                    .run(2, StudyDirectory.open(tmp.resolve("s" + repeat), design), null);
            results.add(r.runs());
        }
        for (int run = 0; run < 2; run++) {
            StabilityResult.Run x = results.get(0).get(run);
            StabilityResult.Run y = results.get(1).get(run);
            assertThat(y.lossCurve()).containsExactly(x.lossCurve());
            assertThat(y.testAccuracy()).isEqualTo(x.testAccuracy());
            assertThat(y.validAccuracy()).isEqualTo(x.validAccuracy());
        }
    }
}
