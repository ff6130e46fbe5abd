package dev.kintsugi.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, per-class accuracy (recall) and the confusion matrix of one model on one split: what
 * {@code kintsugi evaluate} prints and what the JSON report carries.
 */
public record ClassificationSummary(String dataset, int samples, double accuracy, Map<String, Double> perClassAccuracy,
                                    Map<String, Long> support, long[][] confusion, List<String> classNames) {

    public static ClassificationSummary of(Predictions p, List<String> classNames) {
        ConfusionMatrix m = ConfusionMatrix.of(p);
        Map<String, Double> perClass = new LinkedHashMap<>();
        Map<String, Long> support = new LinkedHashMap<>();
        for (int c = 0; c < m.numClasses(); c++) {
            perClass.put(classNames.get(c), m.recall(c));
            support.put(classNames.get(c), m.support(c));
        }
        return new ClassificationSummary(p.datasetName(), p.size(), m.accuracy(), perClass, support, m.toArray(),
                List.copyOf(classNames));
    }
}
