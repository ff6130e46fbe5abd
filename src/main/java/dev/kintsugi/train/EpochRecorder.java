package dev.kintsugi.train;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.Network;

import java.util.Arrays;

/**
 * Keeps what {@code kintsugi train --keep-history} saves: the network's parameters at the end of the last
 * two epochs. Only two pairs are held, the latest one and the one of the epoch with the best validation
 * loss so far (the {@link Trainer} restores that epoch when early stopping is on), so memory stays at
 * four snapshots whatever the epoch count. It observes only, so it can be attached as a watcher to runs a
 * command starts deep inside (the training doctor's).
 */
public final class EpochRecorder implements TrainingWatchers.Watcher {
    private byte[] previous;
    private byte[] current;
    private int currentEpoch;
    private byte[] bestPrevious;
    private byte[] bestCurrent;
    private int bestEpoch;
    private double bestValidLoss;

    @Override
    public void onTrainingStart(TrainingStart start) {
        // epoch 0 is the initialisation: a one-epoch run keeps its initial weights as the previous epoch
        previous = null;
        current = start.network().snapshot();
        currentEpoch = 0;
        bestPrevious = null;
        bestCurrent = null;
        bestValidLoss = Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(EpochEvent event) {
        previous = current;
        current = event.network().snapshot();
        currentEpoch = event.stats().epoch();
        double valid = event.stats().validLoss();
        if (!Double.isNaN(valid) && valid < bestValidLoss) {
            bestValidLoss = valid;
            bestPrevious = previous;
            bestCurrent = current;
            bestEpoch = currentEpoch;
        }
    }

    /**
     * The history of {@code saved}, the network as the run left it: its epoch is the one whose end-of-epoch
     * parameters it holds (the last epoch, or the best one an early stop restored), and the previous epoch's
     * parameters go with it.
     */
    public EpochHistory historyOf(Network saved) {
        if (current == null || currentEpoch == 0) {
            throw new KintsugiException("no epoch was trained, so there is no training history to keep");
        }
        byte[] now = saved.snapshot();
        if (Arrays.equals(now, current)) {
            return new EpochHistory(previous, currentEpoch - 1, currentEpoch);
        }
        if (bestCurrent != null && Arrays.equals(now, bestCurrent)) {
            return new EpochHistory(bestPrevious, bestEpoch - 1, bestEpoch);
        }
        throw new KintsugiException("cannot keep the training history: the saved parameters are not those at the "
                + "end of any recorded epoch");
    }
}
