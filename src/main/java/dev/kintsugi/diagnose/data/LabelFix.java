package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixes the training labels the label-noise check flagged: {@code remove} drops those samples,
 * {@code relabel} gives each its suggested label. Valid, repair and test are left as they are, so a model
 * trained on the corrected copy is judged on the same data.
 */
public final class LabelFix implements DataFix {
    public static final String REMOVE = "remove";
    public static final String RELABEL = "relabel";

    private final String mode;

    public LabelFix(String mode) {
        if (!mode.equals(REMOVE) && !mode.equals(RELABEL)) {
            throw new IllegalArgumentException("label fix must be remove or relabel, got " + mode);
        }
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode;
    }

    @Override
    public String check() {
        return LabelNoiseCheck.NAME;
    }

    @Override
    public Correction apply(Splits splits, CheckResult result) {
        List<ConfidentLearning.Suspect> suspects = suspects(result);
        Dataset train = splits.train();
        List<Map<String, Object>> changes = new ArrayList<>();
        Dataset fixed;
        String suffix = mode.equals(REMOVE) ? " (label suspects removed)" : " (label suspects relabelled)";
        if (mode.equals(REMOVE)) {
            boolean[] drop = new boolean[train.size()];
            suspects.forEach(s -> drop[s.index()] = true);
            int[] keep = java.util.stream.IntStream.range(0, train.size()).filter(i -> !drop[i]).toArray();
            fixed = train.subset(train.name() + suffix, keep);
        } else {
            int[] labels = train.labels();
            suspects.forEach(s -> labels[s.index()] = s.suggestedLabel());
            fixed = train.withLabels(train.name() + suffix, labels);
        }
        List<ConfidentLearning.Suspect> byIndex = new ArrayList<>(suspects);
        byIndex.sort(java.util.Comparator.comparingInt(ConfidentLearning.Suspect::index));
        for (ConfidentLearning.Suspect s : byIndex) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("split", "train");
            change.put("index", s.index());
            change.put("action", mode);
            change.put("givenLabel", s.givenLabel());
            change.put("suggestedLabel", s.suggestedLabel());
            changes.add(change);
        }
        Splits corrected = new Splits(splits.source() + suffix, fixed, splits.valid(), splits.repair(), splits.test());
        String summary = (mode.equals(REMOVE) ? "removed " : "relabelled ") + suspects.size() + " of " + train.size()
                + " training samples";
        return new Correction(mode, corrected, changes, summary);
    }

    private static List<ConfidentLearning.Suspect> suspects(CheckResult result) {
        Object value = result.metrics().get(LabelNoiseCheck.SUSPECTS);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("the " + result.check() + " result has no suspects");
        }
        List<ConfidentLearning.Suspect> suspects = new ArrayList<>();
        for (Object o : list) {
            suspects.add((ConfidentLearning.Suspect) o);
        }
        return suspects;
    }
}
