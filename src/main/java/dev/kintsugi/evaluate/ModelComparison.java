package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;
import dev.kintsugi.model.OpenedClassifier;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An original model and its fixed versions judged on every axis of the ICSE 2026 study, on one split
 * (the held-out test split): correctness and backward compatibility per fixed model, robustness on the
 * same attacked inputs for all, fairness for a sensitive attribute, accuracy under corruptions, and the
 * cost each fix recorded in its provenance.
 */
public record ModelComparison(String dataset, int samples, ComparisonSettings settings, ModelEvaluation original,
                              List<ModelEvaluation> fixed, List<FixChange> changes, Robustness robustness) {

    /**
     * One model's own numbers. Fairness and corruptions are null when not measured; wall time and peak
     * memory come from the model's provenance (a repair's cost) and are null when it records none.
     */
    public record ModelEvaluation(String name, String source, String checksum, ClassificationSummary summary,
                                  Fairness fairness, CorruptionAccuracy corruptions, Double wallTimeSeconds,
                                  Long peakRssBytes, String producedBy) {
    }

    /**
     * What a fix changed against the original: correctness, ⇑ASR, ⇑AAOD, and the test inputs it broke
     * (negative flips) and repaired, as indices into the split.
     */
    public record FixChange(String name, Correctness correctness, RelativeChange asrImprovement,
                            RelativeChange aaodImprovement, int[] broken, int[] repaired) {
    }

    public static ModelComparison run(OpenedClassifier original, List<OpenedClassifier> fixed, Dataset test,
                                      ComparisonSettings settings, PrintStream log) {
        return run(original, fixed, test, settings, log, OriginalAttacks.none());
    }

    /**
     * As {@link #run(OpenedClassifier, List, Dataset, ComparisonSettings, PrintStream)}, with the original's attack
     * outcomes kept in (and reused from) {@code originalAttacks}; the numbers are the same.
     */
    public static ModelComparison run(OpenedClassifier original, List<OpenedClassifier> fixed, Dataset test,
                                      ComparisonSettings settings, PrintStream log, OriginalAttacks originalAttacks) {
        log.println("predicting " + (1 + fixed.size()) + " model(s) on " + test.name() + " (" + test.size() + " samples)");
        Predictions po = Predictor.predict(original.classifier(), test);
        SensitiveGroups groups = settings.sensitive() == null ? null
                : SensitiveGroups.of(test, settings.sensitive(), settings.privileged());
        ModelEvaluation eo = evaluate(original, po, test, groups, settings, log);
        List<ModelEvaluation> evaluations = new ArrayList<>();
        List<FixChange> changes = new ArrayList<>();
        Map<String, Classifier> byName = new LinkedHashMap<>();
        Map<String, Predictions> predictionsByName = new LinkedHashMap<>();
        List<Predictions> fixedPredictions = new ArrayList<>();
        for (OpenedClassifier f : fixed) {
            Predictions pf = Predictor.predict(f.classifier(), test);
            fixedPredictions.add(pf);
            evaluations.add(evaluate(f, pf, test, groups, settings, log));
            String name = uniqueName(f.name(), byName);
            byName.put(name, f.classifier());
            predictionsByName.put(name, pf);
        }
        Robustness robustness = null;
        Attack attack = settings.attackFor(test.sampleShape().length == 3 ? Bounds.UNIT : Bounds.of(test.featuresView()));
        if (attack != null) {
            log.println("attacking up to " + settings.attackInputs() + " inputs with " + attack.describe());
            OriginalAttack outcomes = originalAttacks.get(original.checksum(), attack, test, po, settings.seed());
            int before = outcomes.attackedInputs();
            robustness = Robustness.evaluate(attack, test, original.classifier(), po, byName, predictionsByName,
                    settings.attackInputs(), settings.seed(), outcomes);
            log.println("the original's attack: " + (outcomes.attackedInputs() - before) + " inputs attacked now, "
                    + before + " kept from earlier comparisons");
        }
        List<String> names = new ArrayList<>(byName.keySet());
        for (int i = 0; i < fixed.size(); i++) {
            Predictions pf = fixedPredictions.get(i);
            ModelEvaluation ef = evaluations.get(i);
            RelativeChange asr = robustness == null ? null : robustness.asrImprovement().get(names.get(i));
            RelativeChange aaod = groups == null ? null : Fairness.aaodImprovement(eo.fairness(), ef.fairness());
            changes.add(new FixChange(names.get(i), Correctness.of(po, pf), asr, aaod, flips(po, pf, true),
                    flips(po, pf, false)));
        }
        return new ModelComparison(test.name(), test.size(), settings, eo, List.copyOf(evaluations), List.copyOf(changes),
                robustness);
    }

    private static ModelEvaluation evaluate(OpenedClassifier model, Predictions p, Dataset test, SensitiveGroups groups,
                                            ComparisonSettings settings, PrintStream log) {
        Fairness fairness = null;
        if (groups != null) {
            boolean binary = test.numClasses() == 2 && settings.favourableClass() != null;
            fairness = binary ? Fairness.of(p, groups, settings.favourableClass()) : Fairness.of(p, groups);
        }
        CorruptionAccuracy corruptions = null;
        if (settings.corruptions() && test.sampleShape().length == 3) {
            log.println("corruptions: " + model.name());
            corruptions = Corruptions.evaluate(model.classifier(), test, settings.seed());
        }
        Provenance prov = model.provenance();
        return new ModelEvaluation(model.name(), model.source().toString(), model.checksum(),
                ClassificationSummary.of(p, test.classNames()), fairness, corruptions,
                prov == null ? null : prov.wallTimeSeconds, prov == null ? null : prov.peakRssBytes,
                prov == null ? "external model" : prov.command);
    }

    /** Indices where the original was right and the fix is wrong ({@code broken}), or the reverse. */
    private static int[] flips(Predictions original, Predictions fixed, boolean broken) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            if (broken ? original.correct(i) && !fixed.correct(i) : !original.correct(i) && fixed.correct(i)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String uniqueName(String name, Map<String, ?> taken) {
        String n = name;
        for (int i = 2; taken.containsKey(n); i++) {
            n = name + "#" + i;
        }
        return n;
    }
}
