package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Per class, how often each context (an attribute such as {@code background}) occurs in a split. */
public final class TrainingContexts {
    private final List<Map<String, Integer>> counts;

    private TrainingContexts(List<Map<String, Integer>> counts) {
        this.counts = counts;
    }

    public static TrainingContexts of(Dataset data, String attribute) {
        if (!data.hasAttribute(attribute)) {
            throw new KintsugiException(data.name() + " records no '" + attribute + "' attribute, so the training "
                    + "context distribution is unknown");
        }
        String[] values = data.attribute(attribute);
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            counts.add(new TreeMap<>());
        }
        for (int i = 0; i < data.size(); i++) {
            counts.get(data.label(i)).merge(values[i], 1, Integer::sum);
        }
        return new TrainingContexts(counts);
    }

    /** Context counts of one class, in context name order. */
    public Map<String, Integer> counts(int classIndex) {
        return new LinkedHashMap<>(counts.get(classIndex));
    }

    /** {@code n} contexts drawn independently with the class's empirical frequencies. */
    public List<String> draw(int classIndex, int n, SplittableRandom random) {
        Map<String, Integer> c = counts.get(classIndex);
        int total = c.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new KintsugiException("class " + classIndex + " has no training samples to draw contexts from");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(total);
            for (Map.Entry<String, Integer> e : c.entrySet()) {
                pick -= e.getValue();
                if (pick < 0) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }
}
