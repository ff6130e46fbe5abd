package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Splits;

import java.util.List;
import java.util.Map;

/**
 * A fix that turns a check's result into a corrected copy of the data (the original is never touched):
 * e.g. drop or relabel the samples the label-noise check flagged.
 */
public interface DataFix {
    /** Registry name for {@code --fix}, e.g. {@code "remove"}. */
    String name();

    /** The check whose result the fix needs, e.g. {@code "label-noise"}. */
    String check();

    Correction apply(Splits splits, CheckResult result);

    /**
     * The corrected splits, what changed (one map per changed sample: split, index, action, labels) and a
     * one-line summary.
     */
    record Correction(String fix, Splits corrected, List<Map<String, Object>> changes, String summary) {
        public Correction {
            changes = List.copyOf(changes);
        }
    }
}
