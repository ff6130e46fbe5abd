package dev.kintsugi.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Font;
import java.util.List;
import java.util.Locale;

/** A matrix drawn with JFreeChart's block renderer: one coloured cell per value, a colour legend. */
final class HeatmapChart {
    /** Larger matrices get no per-cell numbers: they would not fit in the cells. */
    static final int MAX_ANNOTATED_SIDE = 12;

    private final List<String> rowLabels;
    private final List<String> colLabels;
    private final double[][] values;

    HeatmapChart(List<String> rowLabels, List<String> colLabels, double[][] values) {
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException("heatmap has " + values.length + " rows but "
                    + rowLabels.size() + " row labels");
        }
        for (double[] row : values) {
            if (row.length != colLabels.size()) {
                throw new IllegalArgumentException("heatmap row has " + row.length + " values but there are "
                        + colLabels.size() + " column labels");
            }
        }
        if (values.length == 0 || colLabels.isEmpty()) {
            throw new IllegalArgumentException("a heatmap needs at least one row and one column");
        }
        this.rowLabels = List.copyOf(rowLabels);
        this.colLabels = List.copyOf(colLabels);
        this.values = values;
    }

    /** Tall enough that each row stays legible, within reason. */
    int height() {
        return Math.max(400, Math.min(900, 160 + 30 * rowLabels.size()));
    }

    JFreeChart build(String title, String rowAxisLabel, String colAxisLabel, boolean annotate) {
        int rows = rowLabels.size();
        int cols = colLabels.size();
        double[][] xyz = new double[3][rows * cols];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = values[r][c];
                if (Double.isFinite(values[r][c])) {
                    min = Math.min(min, values[r][c]);
                    max = Math.max(max, values[r][c]);
                }
            }
        }
        if (min > max) {
            min = 0;
            max = 1;
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("values", xyz);
        ColorRamp ramp = new ColorRamp(min, max);

        SymbolAxis xAxis = new SymbolAxis(colAxisLabel, colLabels.toArray(String[]::new));
        SymbolAxis yAxis = new SymbolAxis(rowAxisLabel, rowLabels.toArray(String[]::new));
        for (SymbolAxis axis : List.of(xAxis, yAxis)) {
            axis.setGridBandsVisible(false);
            axis.setAutoRange(false);
        }
        xAxis.setRange(-0.5, cols - 0.5);
        yAxis.setRange(-0.5, rows - 0.5);
        yAxis.setInverted(true);
        int longestColumnLabel = colLabels.stream().mapToInt(String::length).max().orElse(0);
        xAxis.setVerticalTickLabels(cols * Math.max(longestColumnLabel, 3) > 80);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(ramp);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        ChartTheme.apply(chart);
        // After the theme, which would repaint the cell labels in its one text colour.
        if (annotate && rows <= MAX_ANNOTATED_SIDE && cols <= MAX_ANNOTATED_SIDE) {
            annotateCells(plot, ramp);
        }
        NumberAxis scaleAxis = new NumberAxis();
        scaleAxis.setRange(ramp.getLowerBound(), ramp.getUpperBound());
        scaleAxis.setTickLabelFont(new Font(ChartTheme.FONT, Font.PLAIN, 11));
        PaintScaleLegend legend = new PaintScaleLegend(ramp, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setAxisOffset(4);
        legend.setMargin(new RectangleInsets(10, 12, 10, 4));
        chart.addSubtitle(legend);
        return chart;
    }

    private void annotateCells(XYPlot plot, ColorRamp ramp) {
        String format = numberFormat();
        Font font = new Font(ChartTheme.FONT, Font.PLAIN, rowLabels.size() > 8 || colLabels.size() > 8 ? 10 : 12);
        for (int r = 0; r < rowLabels.size(); r++) {
            for (int c = 0; c < colLabels.size(); c++) {
                double v = values[r][c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, format, v), c, r);
                label.setFont(font);
                label.setPaint(ColorRamp.textOn(ramp.colour(v)));
                plot.addAnnotation(label);
            }
        }
    }

    /** Counts print as integers; other values with as few decimals as their magnitude needs. */
    private String numberFormat() {
        double maxAbs = 0;
        boolean whole = true;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    whole &= v == Math.rint(v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
        }
        if (whole || maxAbs >= 100) {
            return "%.0f";
        }
        return maxAbs >= 10 ? "%.1f" : "%.2f";
    }
}
