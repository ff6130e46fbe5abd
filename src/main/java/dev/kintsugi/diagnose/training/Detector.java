package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;

import java.util.Optional;

/**
 * One training problem's rule. {@link #examine} runs at the end of every epoch (and, for detectors that say
 * {@link #everyBatch()}, after every batch) on everything seen so far, and returns the problem if the
 * evidence supports it now.
 */
public interface Detector {
    /** The check's id, also the {@link Finding#check()} of what it reports, e.g. {@code vanishing-gradient}. */
    String check();

    Optional<Finding> examine(TrainingSignals signals, DoctorThresholds thresholds);

    /**
     * Whether the finding describes the run's state so far rather than an event: "not learning yet", "no epoch has
     * gained a point yet", "stalled for the last epochs". Such a finding is re-examined after every later epoch and
     * withdrawn when the run no longer shows it (a model that is at the majority class at epoch 5 of 15 and clearly
     * beats it at epoch 9 is not "not converging"). Events (a NaN, a spike, a divergence) and damage that persists
     * after its cause stops (an overfit model's validation loss) are never withdrawn.
     */
    default boolean stateful() {
        return false;
    }

    /** Whether the rule is cheap and urgent enough to run after every batch (NaN loss). */
    default boolean everyBatch() {
        return false;
    }
}
