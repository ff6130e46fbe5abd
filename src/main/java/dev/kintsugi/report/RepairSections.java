package dev.kintsugi.report;

import dev.kintsugi.repair.RepairDiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Report sections about what a repair changed. */
public final class RepairSections {
    private RepairSections() {
    }

    /**
     * The repair diff: a per-layer bar chart of changed values, a table of every changed parameter, and
     * a heatmap of the output layer's weight change (classes × inputs).
     */
    public static void diff(Section section, String approach, RepairDiff diff) {
        section.paragraph(String.format(Locale.ROOT, "%s changed %,d of %,d parameter values (%.2f%%) in %d layer(s).",
                approach, diff.changedValues(), diff.totalValues(),
                diff.totalValues() == 0 ? 0.0 : 100.0 * diff.changedValues() / diff.totalValues(),
                diff.changedLayers().size()));
        Map<String, Double> perLayer = new LinkedHashMap<>();
        for (RepairDiff.ParameterChange p : diff.parameters()) {
            perLayer.merge(p.layerName(), (double) p.changed(), Double::sum);
        }
        section.chart(Charts.barChart(approach + ": changed values per layer", "layer", "changed values", perLayer));
        Table t = Table.withHeaders("layer", "parameter", "changed", "of", "L2 change", "max |change|", "neurons touched")
                .decimals(4).decimals("changed", 0).decimals("of", 0).decimals("neurons touched", 0);
        for (RepairDiff.ParameterChange p : diff.parameters()) {
            if (p.changed() > 0) {
                t.row(p.layerName(), p.parameter(), p.changed(), p.size(), p.l2Change(), p.maxAbsChange(),
                        p.changedNeurons().size());
            }
        }
        section.table(t);
        if (diff.headWeightChange() != null) {
            double[][] m = diff.headWeightChange();
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < m.length; i++) {
                rows.add("class " + i);
            }
            List<String> cols = new ArrayList<>();
            for (int j = 0; j < m[0].length; j++) {
                cols.add(Integer.toString(j));
            }
            section.chart(Charts.heatmap(approach + ": change of the output layer's weights (" + diff.headLayer() + ")",
                    "output class", "input neuron", rows, cols, m, false));
        }
    }
}
