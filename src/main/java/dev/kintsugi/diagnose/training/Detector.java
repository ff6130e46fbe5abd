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

    /** Whether the rule is cheap and urgent enough to run after every batch (NaN loss). */
    default boolean everyBatch() {
        return false;
    }
}
