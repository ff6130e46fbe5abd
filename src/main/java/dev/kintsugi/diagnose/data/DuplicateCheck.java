package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact and near-duplicate samples within the training split and between it and valid, repair and test
 * ({@link DuplicateFinder} says how). Copies of test samples in train inflate the test accuracy (leakage,
 * a problem); copies in valid or repair bias model selection and repairs (a warning); duplicates within
 * train over-weight some samples (a warning). {@link DedupeFix} removes them in a corrected copy.
 */
public final class DuplicateCheck implements DataCheck {
    public static final String NAME = "duplicates";
    /** Metrics key of the full list of {@link DuplicatePair}s, which {@link DedupeFix} reads. */
    public static final String PAIRS = "pairs";

    private final DuplicateSettings settings;

    public DuplicateCheck() {
        this(DuplicateSettings.defaults());
    }

    public DuplicateCheck(DuplicateSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "exact and near-duplicate samples within train, and copies of training samples in valid, repair and"
                + " test (leakage)";
    }

    /** The pairs themselves, for fixes that need more than the check's summary. */
    public Duplicates find(DataCheckContext context) {
        return new DuplicateFinder(settings, context.log()).find(context.splits().byName(),
                context.model());
    }

    @Override
    public CheckResult run(DataCheckContext context) {
        long start = System.nanoTime();
        Duplicates duplicates = find(context);
        return result(context, duplicates, (System.nanoTime() - start) / 1e9);
    }

    /** Findings, metrics and report for pairs already found. */
    public CheckResult result(DataCheckContext context, Duplicates duplicates, double seconds) {
        List<Finding> findings = new ArrayList<>();
        for (String split : Splits.NAMES) {
            finding(duplicates, split).ifPresent(findings::add);
        }
        if (findings.isEmpty()) {
            findings.add(new Finding(NAME, "no duplicates and no leakage between splits", Severity.INFO,
                    "searched with " + String.join(", ", duplicates.methods()), "", Map.of()));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("counts", duplicates.counts(Splits.NAMES));
        metrics.put("methods", duplicates.methods());
        metrics.put("settings", duplicates.settings());
        metrics.put("pairCount", duplicates.pairs().size());
        metrics.put(PAIRS, duplicates.pairs());
        Map<String, Dataset> parts = context.splits().byName();
        return new CheckResult(NAME, findings, metrics, section -> DuplicateSections.add(section, duplicates, parts),
                seconds);
    }

    private static java.util.Optional<Finding> finding(Duplicates d, String split) {
        long exact = d.count(split, DuplicatePair.EXACT);
        long near = d.count(split, DuplicatePair.NEAR);
        if (exact + near == 0) {
            return java.util.Optional.empty();
        }
        int samples = d.trainSamplesInvolved(split);
        String evidence = exact + " exact and " + near + " near-duplicate pairs, " + samples + " training samples";
        Map<String, Object> details = Map.of("split", split, "exactPairs", exact, "nearPairs", near,
                "trainSamples", samples);
        if (split.equals("train")) {
            return java.util.Optional.of(new Finding(NAME, "the training split holds duplicates", Severity.WARNING,
                    evidence, "drop the extra copies (--fix dedupe) so no sample counts twice", details));
        }
        Severity severity = split.equals("test") ? Severity.PROBLEM : Severity.WARNING;
        return java.util.Optional.of(new Finding(NAME, "training samples leak into " + split, severity, evidence,
                "remove the leaking samples from train (--fix dedupe), then retrain and re-evaluate", details));
    }
}
