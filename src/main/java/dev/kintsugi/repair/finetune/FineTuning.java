package dev.kintsugi.repair.finetune;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RegressionGuard;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.train.EpochEvent;
import dev.kintsugi.train.ProgressListener;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fine-tuning loop every retraining approach shares: train a network on new data mixed with a
 * replay of the training split (so it does not forget what it knew), offering each epoch to the
 * regression guard.
 */
public final class FineTuning {
    private FineTuning() {
    }

    /** A random sample of {@code count} training inputs (all of them if fewer), seeded. */
    public static Dataset replay(Dataset train, int count, long seed) {
        int n = Math.min(count, train.size());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(order, n);
        java.util.Arrays.sort(picked);
        return train.subset(train.name() + "/replay", picked);
    }

    /** {@code focus} plus {@code replayCount} replayed training inputs, as one dataset. */
    public static Dataset withReplay(Dataset focus, Dataset train, int replayCount, long seed) {
        List<Dataset> parts = new ArrayList<>();
        parts.add(focus);
        if (replayCount > 0) {
            parts.add(replay(train, replayCount, seed));
        }
        return Dataset.concat(focus.name() + "+replay", parts);
    }

    /**
     * Trains {@code network} in place on {@code data}, validating on {@code valid}, guard watching each
     * epoch, progress shown on the context's log.
     */
    public static TrainingHistory run(Network network, Dataset data, Dataset valid, TrainingConfig config,
                                      RepairContext context) {
        RegressionGuard guard = context.guard();
        TrainingListener offerEpochs = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochEvent e) {
                guard.consider(e.network(), "epoch " + e.stats().epoch());
            }
        };
        return new Trainer(config).addListener(offerEpochs).addListener(new ProgressListener(context.log()))
                .fit(network, data, valid);
    }
}
