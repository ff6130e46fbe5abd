package dev.kintsugi.model;

import com.sun.jna.Platform;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.ProcessStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The engine set-up of issue 21: malloc keeps a step's memory, OpenMP waits briefly, and env says so. */
class NativeTuningTest {
    /** MNIST-sized random inputs, so a step's tensors are as large as the benchmark's. */
    static Dataset mnistSized(int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return new Dataset("random", new int[] {1, 28, 28}, x, y,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    static boolean tunedByKintsugi() {
        return NativeTuning.report().getOrDefault("malloc", "").contains("set by Kintsugi");
    }

    /**
     * Without the mallopt settings every step page-faults its activations, gradients and Adam's temporaries in
     * again (about 900 faults a step for this MLP, measured on a 2-core EPYC); with them a step re-uses its
     * memory. Run with -Dkintsugi.malloc=default and this fails.
     */
    @Test
    void aTrainingStepReusesItsMemory() {
        assumeTrue(Platform.isLinux() && ProcessStats.minorFaults() > 0);
        Engines.engine();
        assumeTrue(tunedByKintsugi(), "malloc left as the environment set it");
        Dataset data = mnistSized(1280);
        try (Network net = Network.create(TestData.spec("mlp", Map.of("hidden", "256,128"), data), 1)) {
            TrainingConfig c = TrainingConfig.defaults().withBatchSize(128).withSeed(1);
            new Trainer(c.withEpochs(2)).fit(net, data, null); // warm-up: JIT, Adam's state, arenas grown
            long before = ProcessStats.minorFaults();
            new Trainer(c.withEpochs(5)).fit(net, data, null);
            double perStep = (ProcessStats.minorFaults() - before) / 50.0;
            assertThat(perStep).as("minor page faults per training step").isLessThan(150);
        }
    }

    @Test
    void openMpWaitsBrieflyUnlessTheUserChose() {
        assumeTrue(Platform.isLinux());
        Engines.engine();
        Map<String, String> report = NativeTuning.report();
        String userPolicy = System.getenv("OMP_WAIT_POLICY");
        String userSpin = System.getenv("GOMP_SPINCOUNT");
        if (userPolicy == null && userSpin == null) {
            // the C environment, which libgomp reads, not Java's copy of it
            assertThat(NativeTuning.getenv("GOMP_SPINCOUNT")).isEqualTo(NativeTuning.SPIN_COUNT);
            assertThat(report.get("omp wait")).contains("GOMP_SPINCOUNT=" + NativeTuning.SPIN_COUNT)
                    .contains("set by Kintsugi");
        } else {
            assertThat(NativeTuning.getenv("GOMP_SPINCOUNT")).isEqualTo(userSpin);
            assertThat(report.get("omp wait")).doesNotContain("set by Kintsugi");
        }
    }

    @Test
    void runtimeNamesBlasOpenMpAndWaitPolicy() {
        assumeTrue(Platform.isLinux());
        Map<String, String> rt = NativeTuning.runtime();
        assertThat(rt).containsKeys("cpu", "blas", "onednn", "openmp", "omp wait", "malloc");
        assertThat(rt.get("blas")).contains("Math Kernel Library");
        assertThat(rt.get("openmp")).contains("libgomp");
        assertThat(NativeTuning.mapped("libtorch_cpu")).endsWith("libtorch_cpu.so");
    }
}
