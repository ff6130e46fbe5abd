package dev.kintsugi.diagnose.training;

import dev.kintsugi.model.Network;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;

/**
 * A finished training run under the doctor: the network (owned by this object), the configuration it was trained
 * with (fixes included), its curves, the doctor's report, and the signals it sampled (for the report's heatmap and activation table).
 */
public record DoctoredRun(Network network, TrainingConfig config, TrainingHistory history, DoctorReport report, TrainingSignals signals)
        implements AutoCloseable {
    @Override
    public void close() {
        network.close();
    }
}
