package dev.kintsugi.diagnose.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** Mean weight-gradient norm per layer and epoch over the sampled batches: the report's heatmap and JSON. */
public final class GradientTable {
    private GradientTable() {
    }

    /** Layer name → mean ‖∇W‖ per epoch (index 0 = epoch 1; NaN for an epoch without a sample). */
    public static Map<String, double[]> byEpoch(TrainingSignals s) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (s == null || s.gradients.isEmpty()) {
            return out;
        }
        int[] layers = s.gradients.get(0).layers();
        int epochs = s.gradients.get(s.gradients.size() - 1).epoch();
        double[][] sums = new double[layers.length][epochs];
        int[] counts = new int[epochs];
        for (GradientSample g : s.gradients) {
            counts[g.epoch() - 1]++;
            for (int l = 0; l < layers.length && l < g.norms().length; l++) {
                sums[l][g.epoch() - 1] += g.norms()[l];
            }
        }
        for (int l = 0; l < layers.length; l++) {
            double[] row = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                row[e] = counts[e] == 0 ? Double.NaN : sums[l][e] / counts[e];
            }
            out.put(s.layers.get(layers[l]).name(), row);
        }
        return out;
    }
}
