package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code --fix dedupe}: drops from the training split every sample that has a copy in valid, repair or test
 * (leakage), and the second sample of every pair within train (the one with the higher index, unless its
 * partner was already dropped, so one sample of each pair stays). Valid, repair and test are left as they are,
 * so a model trained on the corrected copy is judged on the same data.
 */
public final class DedupeFix implements DataFix {
    public static final String NAME = "dedupe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String check() {
        return DuplicateCheck.NAME;
    }

    @Override
    public Correction apply(Splits splits, CheckResult result) {
        List<DuplicatePair> pairs = pairs(result);
        Dataset train = splits.train();
        Map<Integer, DuplicatePair> dropped = new LinkedHashMap<>();
        for (DuplicatePair p : pairs) {
            if (!p.withinTrain()) {
                dropped.putIfAbsent(p.first(), p);
            }
        }
        List<DuplicatePair> within = pairs.stream().filter(DuplicatePair::withinTrain)
                .sorted(Comparator.comparingInt(DuplicatePair::first).thenComparingInt(DuplicatePair::second)).toList();
        for (DuplicatePair p : within) {
            if (!dropped.containsKey(p.first()) && !dropped.containsKey(p.second())) {
                dropped.put(p.second(), p);
            }
        }
        int[] keep = IntStream.range(0, train.size()).filter(i -> !dropped.containsKey(i)).toArray();
        String suffix = " (duplicates and leaking samples removed)";
        Dataset fixed = train.subset(train.name() + suffix, keep);
        List<Map<String, Object>> changes = new ArrayList<>();
        dropped.keySet().stream().sorted().forEach(index -> {
            DuplicatePair p = dropped.get(index);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("split", "train");
            change.put("index", index);
            change.put("action", "remove");
            change.put("reason", p.kind() + " duplicate of " + p.secondSplit() + " #"
                    + (p.withinTrain() ? p.first() : p.second()));
            change.put("distance", p.distance());
            changes.add(change);
        });
        long leaking = dropped.values().stream().filter(p -> !p.withinTrain()).count();
        String summary = "removed " + dropped.size() + " of " + train.size() + " training samples (" + leaking
                + " with copies in valid/repair/test, " + (dropped.size() - leaking) + " repeated within train)";
        Splits corrected = new Splits(splits.source() + suffix, fixed, splits.valid(), splits.repair(), splits.test());
        return new Correction(NAME, corrected, changes, summary);
    }

    private static List<DuplicatePair> pairs(CheckResult result) {
        Object value = result.metrics().get(DuplicateCheck.PAIRS);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("the " + result.check() + " result has no pairs");
        }
        List<DuplicatePair> pairs = new ArrayList<>();
        for (Object o : list) {
            pairs.add((DuplicatePair) o);
        }
        return pairs;
    }
}
