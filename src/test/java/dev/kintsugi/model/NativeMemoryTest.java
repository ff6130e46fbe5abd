package dev.kintsugi.model;

import ai.djl.ndarray.NDManager;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.ProcessStats;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off-heap memory must stay flat over thousands of batches: a leak of one input buffer per batch grew
 * a process to 4.8 GB over 3000 batches before per-batch sub-managers and reused buffers.
 */
class NativeMemoryTest {
    static final long ALLOWED_GROWTH = 150L << 20;

    @Test
    void rssStaysBoundedOver2000InferenceBatches() {
        Dataset data = TestData.bands("bands", 256, 28, 10, 1);
        try (Network net = Network.create(TestData.spec("lenet5", Map.of(), data), 0)) {
            Batches batches = new Batches(data, 64);
            runForward(net, batches, 200);
            System.gc();
            long before = ProcessStats.currentRssBytes();
            runForward(net, batches, 2000);
            System.gc();
            long after = ProcessStats.currentRssBytes();
            assertThat(after - before).as("RSS growth over 2000 batches (bytes)").isLessThan(ALLOWED_GROWTH);
        }
    }

    @Test
    void rssStaysBoundedOver1500TrainingBatches() {
        Dataset data = TestData.bands("bands", 320, 28, 10, 2);
        try (Network net = Network.create(TestData.spec("lenet5", Map.of(), data), 0)) {
            TrainingConfig config = TrainingConfig.defaults().withBatchSize(32).withEpochs(15);
            new Trainer(config).fit(net, data, null);
            System.gc();
            long before = ProcessStats.currentRssBytes();
            new Trainer(config.withEpochs(150)).fit(net, data, null);
            System.gc();
            long after = ProcessStats.currentRssBytes();
            assertThat(after - before).as("RSS growth over 1500 training batches (bytes)").isLessThan(ALLOWED_GROWTH);
        }
    }

    private static void runForward(Network net, Batches batches, int count) {
        for (int b = 0; b < count; b++) {
            int from = (b * 64) % 256;
            try (NDManager sub = net.manager().newSubManager()) {
                float[] out = net.forward(batches.inputs(sub, null, from, from + 64), false).toFloatArray();
                assertThat(out).hasSize(640);
            }
        }
    }
}
