package dev.kintsugi.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Builds DJL's optimiser and learning-rate tracker from a {@link TrainingConfig}. */
final class Optimizers {
    private Optimizers() {
    }

    /** DJL trackers count updates per parameter, so schedules are expressed in optimiser steps. */
    static Tracker schedule(TrainingConfig c, int stepsPerEpoch) {
        float lr = (float) c.learningRate();
        return switch (c.schedule()) {
            case "constant" -> Tracker.fixed(lr);
            case "step" -> {
                int count = Math.max(1, (c.epochs() - 1) / c.stepEpochs());
                int[] steps = new int[count];
                for (int i = 0; i < count; i++) {
                    steps[i] = (i + 1) * c.stepEpochs() * stepsPerEpoch;
                }
                yield Tracker.multiFactor().setBaseValue(lr).setSteps(steps).optFactor((float) c.stepFactor()).build();
            }
            case "cosine" -> Tracker.cosine().setBaseValue(lr).optFinalValue(0f)
                    .setMaxUpdates(Math.max(1, c.epochs() * stepsPerEpoch)).build();
            case "plateau" -> new PlateauTracker(lr);
            default -> throw new IllegalStateException("validated in TrainingConfig: " + c.schedule());
        };
    }

    static Optimizer create(TrainingConfig c, Tracker lr) {
        float wd = (float) c.weightDecay();
        return switch (c.optimizer()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(wd).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum((float) c.momentum())
                    .optWeightDecays(wd).build();
            default -> throw new IllegalStateException("validated in TrainingConfig: " + c.optimizer());
        };
    }
}
