package dev.kintsugi.diagnose.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Every duplicate pair found, with the settings used; counts are derived here so JSON and report agree. */
public record Duplicates(List<DuplicatePair> pairs, DuplicateSettings settings, List<String> methods) {
    public Duplicates {
        pairs = List.copyOf(pairs);
        methods = List.copyOf(methods);
    }

    /** Pairs of the given kind between train and {@code split} ("train" for pairs within train). */
    public long count(String split, String kind) {
        return pairs.stream().filter(p -> p.secondSplit().equals(split) && p.kind().equals(kind)).count();
    }

    /** Distinct training samples that have a copy in {@code split} (or, for "train", a second copy there). */
    public int trainSamplesInvolved(String split) {
        TreeSet<Integer> samples = new TreeSet<>();
        pairs.stream().filter(p -> p.secondSplit().equals(split)).forEach(p -> samples.add(
                p.withinTrain() ? p.second() : p.first()));
        return samples.size();
    }

    /** Counts per split and kind, for the JSON output. */
    public Map<String, Object> counts(List<String> splits) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String split : splits) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("exactPairs", count(split, DuplicatePair.EXACT));
            c.put("nearPairs", count(split, DuplicatePair.NEAR));
            c.put("trainSamples", trainSamplesInvolved(split));
            out.put(split.equals("train") ? "within-train" : "train-" + split, c);
        }
        return out;
    }
}
