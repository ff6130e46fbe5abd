package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a {@link Describer} names a context that the data records: accuracy overall and per recorded
 * context, and the confusion counts ({@code confusion[recorded][described]}, in vocabulary order).
 */
public record DescriberAccuracy(String describer, String attribute, List<String> contexts, int samples, int correct,
                                Map<String, Double> perContext, int[][] confusion) {

    public double accuracy() {
        return samples == 0 ? 0 : correct / (double) samples;
    }

    /** Describes {@code images} with {@code contexts} as the vocabulary and compares with attribute {@code attribute}. */
    public static DescriberAccuracy measure(Describer describer, Dataset images, String attribute,
                                            List<String> contexts) {
        String[] recorded = images.attribute(attribute);
        List<Description> described = describer.describe(images, contexts);
        int k = contexts.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < recorded.length; i++) {
            int truth = contexts.indexOf(recorded[i]);
            if (truth < 0) {
                throw new KintsugiException(images.name() + ": sample " + i + " records " + attribute + " '"
                        + recorded[i] + "', which is not in the vocabulary " + contexts);
            }
            int said = contexts.indexOf(described.get(i).context());
            confusion[truth][said]++;
            correct += truth == said ? 1 : 0;
        }
        Map<String, Double> perContext = new LinkedHashMap<>();
        for (int t = 0; t < k; t++) {
            int total = 0;
            for (int s = 0; s < k; s++) {
                total += confusion[t][s];
            }
            if (total > 0) {
                perContext.put(contexts.get(t), confusion[t][t] / (double) total);
            }
        }
        return new DescriberAccuracy(describer.name(), attribute, List.copyOf(contexts), recorded.length, correct,
                perContext, confusion);
    }
}
