package dev.kintsugi.repair;

import dev.kintsugi.model.Layer;
import dev.kintsugi.model.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * What a repair changed, parameter by parameter: how many values moved, by how much, and which output
 * neurons (rows of a weight matrix, or filters) were touched. The last layer's full weight change is
 * kept for the report's heatmap.
 */
public record RepairDiff(List<ParameterChange> parameters, long changedValues, long totalValues,
                         double[][] headWeightChange, String headLayer) {

    /**
     * @param changedNeurons indices of output units (first axis) with at least one changed value
     */
    public record ParameterChange(int layer, String layerName, String parameter, long size, long changed,
                                  double l2Change, double maxAbsChange, List<Integer> changedNeurons) {
    }

    /** Compares every parameter of two networks with the same spec. */
    public static RepairDiff between(Network original, Network fixed) {
        List<ParameterChange> changes = new ArrayList<>();
        long changedTotal = 0;
        long total = 0;
        double[][] head = null;
        String headName = null;
        // a TorchScript module without a declared head is one opaque layer: no output layer singled out
        int headIndex = original.hasOutputLayer() ? original.headIndex() : -1;
        for (Layer layer : original.layers()) {
            for (Layer.ParameterInfo p : layer.parameters()) {
                float[] a = original.parameterValues(layer.index(), p.name());
                float[] b = fixed.parameterValues(layer.index(), p.name());
                long rows = p.shape().length > 0 ? p.shape()[0] : 1;
                int perRow = (int) (a.length / Math.max(1, rows));
                long changed = 0;
                double sq = 0;
                double max = 0;
                List<Integer> neurons = new ArrayList<>();
                for (int i = 0; i < a.length; i++) {
                    double d = (double) b[i] - a[i];
                    if (d != 0) {
                        changed++;
                        sq += d * d;
                        max = Math.max(max, Math.abs(d));
                        int row = perRow == 0 ? 0 : i / perRow;
                        if (neurons.isEmpty() || neurons.get(neurons.size() - 1).intValue() != row) {
                            neurons.add(row);
                        }
                    }
                }
                changes.add(new ParameterChange(layer.index(), layer.name(), p.name(), a.length, changed, Math.sqrt(sq),
                        max, List.copyOf(neurons)));
                changedTotal += changed;
                total += a.length;
                if (layer.index() == headIndex && p.name().equals("weight") && p.shape().length == 2) {
                    head = new double[(int) p.shape()[0]][(int) p.shape()[1]];
                    for (int i = 0; i < a.length; i++) {
                        head[i / perRow][i % perRow] = (double) b[i] - a[i];
                    }
                    headName = layer.name();
                }
            }
        }
        return new RepairDiff(List.copyOf(changes), changedTotal, total, head, headName);
    }

    /** Layers with at least one changed value. */
    public List<Integer> changedLayers() {
        return parameters.stream().filter(c -> c.changed() > 0).map(ParameterChange::layer).distinct().toList();
    }
}
