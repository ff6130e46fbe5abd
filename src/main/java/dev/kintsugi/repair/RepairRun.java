package dev.kintsugi.repair;

import dev.kintsugi.model.Network;
import dev.kintsugi.util.ProcessStats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of every repair that is the same: copy the original, time the approach's own work, apply the
 * regression guard, and diff the result against the original. Approaches supply only their body.
 */
public final class RepairRun {
    /** An approach's own work: change {@code fixed} (a copy of the original) in place; note details. */
    @FunctionalInterface
    public interface Body {
        void apply(Network fixed, Map<String, Object> details);
    }

    private RepairRun() {
    }

    /**
     * An approach that reads a key missing from its {@link RepairApproach#optionKeys()} would have that key
     * rejected by {@link RepairRegistry#checkOptions}: a bug in the approach, so it fails every test that
     * runs it rather than a user's command line.
     */
    static void checkDeclared(RepairApproach approach, RepairContext context) {
        java.util.SortedSet<String> undeclared = context.readOptions();
        undeclared.removeAll(approach.optionKeys());
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException(approach.name() + " read options " + undeclared
                    + " that its optionKeys() does not declare");
        }
    }

    public static RepairResult of(RepairApproach approach, Network original, RepairContext context, Body body) {
        long start = System.nanoTime();
        Network fixed = original.copy();
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            body.apply(fixed, details);
            checkFinite(approach, fixed);
            checkDeclared(approach, context);
            RegressionGuard.Verdict verdict = context.guard().select(original, fixed);
            double seconds = (System.nanoTime() - start) / 1e9;
            details.put("options", context.options());
            return new RepairResult(approach.name(), fixed, RepairDiff.between(original, fixed), details,
                    verdict.note(), verdict.keptOriginal(), seconds, ProcessStats.peakRssBytes());
        } catch (RuntimeException e) {
            fixed.close();
            throw e;
        }
    }

    /**
     * A repair that diverged (a NaN or infinite weight) predicts one class for every input; it is refused in one
     * line rather than measured, compared and saved as if it were a model.
     */
    public static void checkFinite(RepairApproach approach, Network fixed) {
        long bad = 0;
        String first = null;
        for (dev.kintsugi.model.Layer layer : fixed.layers()) {
            for (dev.kintsugi.model.Layer.ParameterInfo p : layer.parameters()) {
                for (float v : fixed.parameterValues(layer.index(), p.name())) {
                    if (!Float.isFinite(v)) {
                        bad++;
                        if (first == null) {
                            first = layer.name() + "." + p.name();
                        }
                    }
                }
            }
        }
        if (bad > 0) {
            throw new dev.kintsugi.KintsugiException(approach.name() + " diverged: " + bad
                    + " parameter values are NaN or infinite (first in " + first + "); no repaired model is kept");
        }
    }
}
