package dev.kintsugi.report;

import dev.kintsugi.data.Dataset;
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
     * HUDD's failure clusters: for each root-cause cluster, its size and example failing inputs as images
     * ({@code clusterExamples} in the approach's details index {@code negatives}).
     */
    @SuppressWarnings("unchecked")
    public static void failureClusters(Section section, Map<String, Object> details, Dataset negatives) {
        Object examples = details.get("clusterExamples");
        Object sizes = details.get("clusterSizes");
        if (!(examples instanceof List<?> list) || !(sizes instanceof int[] counts)) {
            return;
        }
        section.paragraph("HUDD grouped the failing repair inputs into " + counts.length + " root-cause clusters at layer "
                + details.get("layer") + "; a few members of each:");
        for (int c = 0; c < list.size(); c++) {
            int[] members = (int[]) list.get(c);
            ImageGrid grid = ImageGrid.scaledBy(2);
            if (negatives.sampleShape().length == 3) {
                for (int i : members) {
                    grid.add(negatives.sample(i), negatives.sampleShape(), "cluster " + c + ": "
                            + negatives.classNames().get(negatives.label(i)));
                }
            }
            section.paragraph("Cluster " + c + ": " + counts[c] + " failures.");
            if (grid.size() > 0) {
                section.imageGrid(grid);
            }
        }
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
