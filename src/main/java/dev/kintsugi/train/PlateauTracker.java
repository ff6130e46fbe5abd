package dev.kintsugi.train;

import ai.djl.training.tracker.Tracker;

/**
 * Reduce-on-plateau, as Keras's {@code ReduceLROnPlateau} with the setting AUTOTRAINER uses against an oscillating
 * loss: the learning rate is multiplied by {@value #FACTOR} after {@value #PATIENCE} epochs in a row in which the
 * monitored loss did not improve on its best by more than {@value #MIN_DELTA} (Keras's default; no cooldown, no
 * floor). The trainer reports each epoch's validation loss (the training loss when there is no validation split)
 * through {@link #epochEnd}; DJL's optimisers read the current rate through {@link #getNewValue}.
 */
public final class PlateauTracker implements Tracker {
    public static final double FACTOR = 0.2;
    public static final int PATIENCE = 5;
    public static final double MIN_DELTA = 1e-4;

    private float rate;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;

    public PlateauTracker(float baseRate) {
        this.rate = baseRate;
    }

    /** Records one epoch's monitored loss; a NaN loss counts as no improvement. */
    public void epochEnd(double loss) {
        if (loss < best - MIN_DELTA) {
            best = loss;
            wait = 0;
        } else if (++wait >= PATIENCE) {
            rate = (float) (rate * FACTOR);
            wait = 0;
        }
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rate;
    }
}
