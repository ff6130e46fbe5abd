package dev.kintsugi.bench;

import ai.djl.ndarray.NDManager;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-batch cost of Kintsugi's hot paths on a LeNet-5: one inference batch (buffer fill + forward +
 * copy out) and one training step. Run with {@code bench/jmh.sh}; not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-XX:MaxDirectMemorySize=2g"})
public class BatchStepBenchmark {
    @Param({"128"})
    int batch;

    @Param({"1"})
    int threads;

    Network network;
    Dataset data;
    Batches batches;
    Trainer oneStep;

    @Setup(Level.Trial)
    public void setUp() {
        Engines.configureThreads(threads);
        SplittableRandom r = new SplittableRandom(0);
        float[] x = new float[batch * 784];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = i % 10;
        }
        data = new Dataset("random", new int[] {1, 28, 28}, x, y,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        ArchitectureSpec spec = ModelZoo.specFor("lenet5", Map.of(), data, true);
        network = Network.create(spec, 0);
        batches = new Batches(data, batch);
        oneStep = new Trainer(TrainingConfig.defaults().withEpochs(1).withBatchSize(batch));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
    }

    @Benchmark
    public float[] inferenceBatch() {
        try (NDManager sub = network.manager().newSubManager()) {
            return network.forward(batches.inputs(sub, null, 0, batch), false).toFloatArray();
        }
    }

    @Benchmark
    public Object trainingStep() {
        return oneStep.fit(network, data, null);
    }
}
