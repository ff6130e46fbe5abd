package dev.kintsugi.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JFreeChart charts rendered to inline SVG. Series, categories and groups keep the iteration order of
 * the maps given (pass a {@link LinkedHashMap} to choose it), and the same input gives the same SVG.
 */
public final class Charts {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 480;
    /** Beyond this many points a line is drawn without point shapes. */
    private static final int MAX_POINTS_WITH_SHAPES = 30;

    /** A vertical line at {@code x} with a label, e.g. the epoch at which a problem was found. */
    public record Marker(double x, String label) {
    }

    /** One labelled point of a scatter plot, e.g. one repaired model. */
    public record Point(double x, double y, String label) {
    }

    private Charts() {
    }

    /** Lines over x = 1..n (e.g. epochs); NaN values leave gaps. */
    public static Chart lineChart(String title, String xLabel, String yLabel, Map<String, double[]> seriesByName) {
        return lineChart(title, xLabel, yLabel, seriesByName, List.of());
    }

    public static Chart lineChart(String title, String xLabel, String yLabel, Map<String, double[]> seriesByName,
                                  List<Marker> markers) {
        int n = seriesByName.values().stream().mapToInt(s -> s.length).max().orElse(0);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return lineChart(title, xLabel, yLabel, x, seriesByName, markers);
    }

    /** Lines over the given x values; every series must have at most {@code x.length} values. */
    public static Chart lineChart(String title, String xLabel, String yLabel, double[] x,
                                  Map<String, double[]> seriesByName, List<Marker> markers) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : seriesByName.entrySet()) {
            double[] y = e.getValue();
            if (y.length > x.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + y.length
                        + " values but there are only " + x.length + " x values");
            }
            XYSeries series = new XYSeries(e.getKey(), false, true);
            for (int i = 0; i < y.length; i++) {
                series.add(Double.valueOf(x[i]), Double.isFinite(y[i]) ? Double.valueOf(y[i]) : null);
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, dataset,
                PlotOrientation.VERTICAL, seriesByName.size() > 1, false, false);
        ChartTheme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(x.length <= MAX_POINTS_WITH_SHAPES);
        if (isWholeNumbers(x)) {
            plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        padFlatAxis((NumberAxis) plot.getRangeAxis(), seriesByName.values().stream()
                .flatMapToDouble(java.util.Arrays::stream).toArray());
        padFlatAxis((NumberAxis) plot.getDomainAxis(), x);
        for (int i = 0; i < markers.size(); i++) {
            plot.addDomainMarker(valueMarker(markers.get(i), i));
        }
        return ChartSvg.render(title, chart, WIDTH, HEIGHT);
    }

    /**
     * A colour-coded matrix with a colour legend, e.g. a confusion matrix (rows: true class, columns:
     * predicted) or gradient norms (rows: layers, columns: epochs). Row 0 is at the top; with
     * {@code annotate}, matrices up to 12 × 12 show each value in its cell.
     */
    public static Chart heatmap(String title, List<String> rowLabels, List<String> colLabels, double[][] values,
                                boolean annotate) {
        return heatmap(title, null, null, rowLabels, colLabels, values, annotate);
    }

    public static Chart heatmap(String title, String rowAxisLabel, String colAxisLabel, List<String> rowLabels,
                                List<String> colLabels, double[][] values, boolean annotate) {
        HeatmapChart heatmap = new HeatmapChart(rowLabels, colLabels, values);
        JFreeChart chart = heatmap.build(title, rowAxisLabel, colAxisLabel, annotate);
        return ChartSvg.render(title, chart, WIDTH, heatmap.height());
    }

    /** One bar per category. */
    public static Chart barChart(String title, String categoryLabel, String valueLabel, Map<String, Double> values) {
        Map<String, Map<String, Double>> grouped = new LinkedHashMap<>();
        values.forEach((category, v) -> grouped.put(category, Map.of(valueLabel, v)));
        return groupedBarChart(title, categoryLabel, valueLabel, grouped, false);
    }

    /** Bars grouped by category (outer key), one bar and legend entry per series (inner key). */
    public static Chart groupedBarChart(String title, String categoryLabel, String valueLabel,
                                        Map<String, Map<String, Double>> valuesByCategoryThenSeries) {
        return groupedBarChart(title, categoryLabel, valueLabel, valuesByCategoryThenSeries, true);
    }

    private static Chart groupedBarChart(String title, String categoryLabel, String valueLabel,
                                         Map<String, Map<String, Double>> values, boolean legend) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        values.forEach((category, bySeries) -> bySeries.forEach((series, v) -> dataset.addValue(v, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, dataset,
                PlotOrientation.VERTICAL, legend, false, false);
        ChartTheme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setItemMargin(0.05);
        renderer.setMaximumBarWidth(0.12);
        tiltLongCategoryLabels(plot.getDomainAxis(), values.keySet());
        return ChartSvg.render(title, chart, WIDTH, HEIGHT);
    }

    /** Points with their labels beside them, e.g. repaired models by repair rate vs. new-failure rate. */
    public static Chart scatter(String title, String xLabel, String yLabel, List<Point> points) {
        XYSeries series = new XYSeries("points", false, true);
        points.forEach(p -> series.add(p.x(), p.y()));
        XYSeriesCollection dataset = new XYSeriesCollection(series);
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, dataset,
                PlotOrientation.VERTICAL, false, false, false);
        ChartTheme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, ChartTheme.seriesColour(0));
        renderer.setDefaultItemLabelGenerator((data, s, item) -> points.get(item).label());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(ChartTheme.FONT, Font.PLAIN, 11));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        padFlatAxis((NumberAxis) plot.getDomainAxis(), points.stream().mapToDouble(Point::x).toArray());
        padFlatAxis((NumberAxis) plot.getRangeAxis(), points.stream().mapToDouble(Point::y).toArray());
        // Room on the right so the labels of the right-most points are not cut off.
        plot.getDomainAxis().setUpperMargin(0.15);
        return ChartSvg.render(title, chart, WIDTH, HEIGHT);
    }

    /**
     * One box per group (median, quartiles, whiskers to the furthest sample within 1.5 IQR) with every
     * sample drawn as a dot on top, e.g. a metric across seeds.
     */
    public static Chart boxPlot(String title, String valueLabel, Map<String, double[]> samplesByGroup) {
        DefaultBoxAndWhiskerCategoryDataset boxes = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultMultiValueCategoryDataset dots = new DefaultMultiValueCategoryDataset();
        samplesByGroup.forEach((group, samples) -> {
            List<Double> finite = new ArrayList<>();
            for (double v : samples) {
                if (Double.isFinite(v)) {
                    finite.add(v);
                }
            }
            if (finite.isEmpty()) {
                throw new IllegalArgumentException("box plot group '" + group + "' has no finite samples");
            }
            boxes.add(boxWithoutOutliers(finite), valueLabel, group);
            dots.add(finite, valueLabel, group);
        });
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, null, valueLabel, boxes, false);
        ChartTheme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(0x9ECAE1));
        renderer.setSeriesOutlinePaint(0, ChartTheme.TEXT);
        renderer.setDefaultOutlinePaint(ChartTheme.TEXT);
        renderer.setUseOutlinePaintForWhiskers(true);
        renderer.setMaximumBarWidth(0.15);
        // JFreeChart sizes the mean's circle by the box width, so it hides the median; the median is enough.
        renderer.setMeanVisible(false);
        ScatterRenderer samples = new ScatterRenderer();
        samples.setUseSeriesOffset(false);
        samples.setUseOutlinePaint(false);
        samples.setSeriesPaint(0, new Color(0x08, 0x30, 0x6B, 170));
        samples.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        plot.setDataset(1, dots);
        plot.setRenderer(1, samples);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        includeAllSamples((NumberAxis) plot.getRangeAxis(), samplesByGroup.values());
        tiltLongCategoryLabels(plot.getDomainAxis(), samplesByGroup.keySet());
        return ChartSvg.render(title, chart, WIDTH, HEIGHT);
    }

    /**
     * JFreeChart draws outliers as circles sized by the box width, and far-out values only as arrows at
     * the axis edge; the sample dots show them better, so the box itself carries no outliers.
     */
    private static BoxAndWhiskerItem boxWithoutOutliers(List<Double> samples) {
        BoxAndWhiskerItem s = BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(samples);
        return new BoxAndWhiskerItem(s.getMean(), s.getMedian(), s.getQ1(), s.getQ3(), s.getMinRegularValue(),
                s.getMaxRegularValue(), s.getMinRegularValue(), s.getMaxRegularValue(), List.of());
    }

    /** The automatic range covers the whiskers only; outliers must be in view as well. */
    private static void includeAllSamples(NumberAxis axis, java.util.Collection<double[]> samples) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] group : samples) {
            for (double v : group) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min < max) {
            double margin = 0.05 * (max - min);
            axis.setRange(min - margin, max + margin);
        } else {
            axis.setAutoRangeIncludesZero(false);
            padFlatAxis(axis, new double[] {min});
        }
    }

    /**
     * JFreeChart gives an axis over one value (one point, or equal values) a range of about 1e-8 around
     * it, so every tick prints the same number in E notation ({@code 2.196782E1}). Such an axis gets 10%
     * of the value on either side instead (±1 around zero), so its ticks are ordinary, distinct numbers.
     */
    static void padFlatAxis(NumberAxis axis, double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max || max - min > 1e-9 * Math.max(1, Math.abs(max))) {
            return; // no finite value, or a real spread: JFreeChart's automatic range is fine
        }
        double centre = (min + max) / 2;
        double pad = centre == 0 ? 1 : 0.1 * Math.abs(centre);
        axis.setRange(centre - pad, centre + pad);
    }

    private static ValueMarker valueMarker(Marker marker, int index) {
        ValueMarker line = new ValueMarker(marker.x());
        line.setPaint(new Color(0xD55E00));
        line.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        line.setLabel(marker.label());
        line.setLabelFont(new Font(ChartTheme.FONT, Font.PLAIN, 11));
        line.setLabelPaint(new Color(0xA04000));
        line.setLabelBackgroundColor(Color.WHITE);
        line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        // Staggered so that the labels of nearby markers do not overprint one another.
        line.setLabelOffset(new RectangleInsets(4 + 14 * (index % 3), 4, 4, 4));
        return line;
    }

    private static void tiltLongCategoryLabels(CategoryAxis axis, java.util.Collection<String> labels) {
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        if (labels.size() * Math.max(longest, 4) > 90) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
    }

    private static boolean isWholeNumbers(double[] values) {
        for (double v : values) {
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }
}
