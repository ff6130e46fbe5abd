package dev.kintsugi.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's curves: per-epoch summaries, and the loss of every batch (for doctors and plots that need
 * finer resolution). {@code stoppedEarly} says why the run ended before its last epoch, or is null.
 */
public final class TrainingHistory {
    public final List<EpochStats> epochs = new ArrayList<>();
    public final List<Double> batchLosses = new ArrayList<>();
    public String stoppedEarly;
    public Integer bestEpoch;
    public double seconds;

    public EpochStats last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    public double[] series(java.util.function.ToDoubleFunction<EpochStats> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }
}
