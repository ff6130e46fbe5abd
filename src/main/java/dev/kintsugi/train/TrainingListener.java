package dev.kintsugi.train;

/**
 * Called by the {@link Trainer} during a run. Batch events come after the backward pass and before the
 * optimiser step (and before gradient clipping), so the gradients are still there to inspect as the model
 * computed them; epoch events come after validation. The
 * training doctor is one such listener. A listener may ask the trainer to stop early.
 */
public interface TrainingListener {
    default void onTrainingStart(TrainingStart start) {
    }

    default void onBatchEnd(BatchEvent batch) {
    }

    default void onEpochEnd(EpochEvent epoch) {
    }

    default void onTrainingEnd(TrainingHistory history) {
    }
}
