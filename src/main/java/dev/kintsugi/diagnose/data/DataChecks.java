package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The built-in data checks by name, in the order the suite runs them (label-noise first, so the imbalance
 * check can reuse its cross-validated predictions). To add a check, add one line to {@link #BUILT_IN}.
 */
public final class DataChecks {
    /**
     * Settings of the checks that train models.
     *
     * @param crossValidation label noise: folds, subset and the model trained per fold
     * @param curveProbe      learning curve: the model trained per point
     * @param curveSeeds      learning curve: seeds per training-set fraction
     * @param labelFilter     label noise: which samples confident learning flags
     * @param duplicates      duplicates and leakage: thresholds
     * @param drift           drift: alpha, samples, image method
     */
    public record Settings(OutOfSampleProbabilities crossValidation, ProbeModel curveProbe, int curveSeeds,
                           ConfidentLearning.Filter labelFilter, DuplicateSettings duplicates, DriftSettings drift) {
        /** Default label filter, duplicate and drift settings. */
        public Settings(OutOfSampleProbabilities crossValidation, ProbeModel curveProbe, int curveSeeds) {
            this(crossValidation, curveProbe, curveSeeds, ConfidentLearning.Filter.PRUNE_BY_NOISE_RATE,
                    DuplicateSettings.defaults(), DriftSettings.defaults());
        }

        public static Settings defaults() {
            return new Settings(OutOfSampleProbabilities.defaults(), ProbeModel.defaults(),
                    LearningCurveCheck.DEFAULT_SEEDS);
        }

        public Settings withLabelFilter(ConfidentLearning.Filter value) {
            return new Settings(crossValidation, curveProbe, curveSeeds, value, duplicates, drift);
        }

        public Settings withDuplicates(DuplicateSettings value) {
            return new Settings(crossValidation, curveProbe, curveSeeds, labelFilter, value, drift);
        }

        public Settings withDrift(DriftSettings value) {
            return new Settings(crossValidation, curveProbe, curveSeeds, labelFilter, duplicates, value);
        }
    }

    /** What one suite run's checks share. */
    public record Suite(Settings settings, SharedPredictions predictions) {
    }

    private record Entry(String name, Function<Suite, DataCheck> create) {
    }

    private static final List<Entry> BUILT_IN = List.of(
            new Entry(LabelNoiseCheck.NAME, suite -> new LabelNoiseCheck(suite.predictions(),
                    suite.settings().labelFilter())),
            new Entry(ClassImbalanceCheck.NAME, suite -> new ClassImbalanceCheck(suite.predictions())),
            new Entry(LearningCurveCheck.NAME, suite -> new LearningCurveCheck(suite.settings().curveProbe(),
                    suite.settings().curveSeeds())),
            new Entry(DuplicateCheck.NAME, suite -> new DuplicateCheck(suite.settings().duplicates())),
            new Entry(DriftCheck.NAME, suite -> new DriftCheck(suite.settings().drift())));

    private DataChecks() {
    }

    public static List<String> names() {
        return BUILT_IN.stream().map(Entry::name).toList();
    }

    /** All built-in checks. */
    public static List<DataCheck> create(Settings settings) {
        return create(names(), settings);
    }

    /** The named checks, in the registry's order; an unknown name is an error naming the known ones. */
    public static List<DataCheck> create(List<String> names, Settings settings) {
        requireKnown(names);
        Suite suite = new Suite(settings, new SharedPredictions(settings.crossValidation()));
        List<DataCheck> checks = new ArrayList<>();
        for (Entry e : BUILT_IN) {
            if (names.contains(e.name())) {
                checks.add(e.create().apply(suite));
            }
        }
        return checks;
    }

    /** Throws for a name that is not a built-in check, naming the known ones. */
    public static void requireKnown(List<String> names) {
        for (String name : names) {
            if (!names().contains(name)) {
                throw new KintsugiException("unknown data check '" + name + "'; choose from " + String.join(", ", names()));
            }
        }
    }
}
