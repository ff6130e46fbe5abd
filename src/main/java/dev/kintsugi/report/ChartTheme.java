package dev.kintsugi.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;

/** One flat look for every chart: white background, light grid, a colour-blind-safe palette. */
final class ChartTheme {
    /** Okabe-Ito, distinguishable under the common colour-vision deficiencies. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
    };
    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xDDDDDD);
    static final String FONT = Font.SANS_SERIF;

    private static final StandardChartTheme THEME = create();

    private ChartTheme() {
    }

    static void apply(JFreeChart chart) {
        THEME.apply(chart);
        chart.setPadding(new RectangleInsets(4, 4, 4, 12));
    }

    private static StandardChartTheme create() {
        StandardChartTheme theme = new StandardChartTheme("kintsugi", false);
        theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 18));
        theme.setLargeFont(new Font(FONT, Font.BOLD, 14));
        theme.setRegularFont(new Font(FONT, Font.PLAIN, 13));
        theme.setSmallFont(new Font(FONT, Font.PLAIN, 11));
        theme.setTitlePaint(TEXT);
        theme.setSubtitlePaint(TEXT);
        theme.setAxisLabelPaint(TEXT);
        theme.setTickLabelPaint(TEXT);
        theme.setItemLabelPaint(TEXT);
        theme.setLegendItemPaint(TEXT);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(GRID);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setBarPainter(new StandardBarPainter());
        theme.setXYBarPainter(new StandardXYBarPainter());
        theme.setShadowVisible(false);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        Stroke line = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        theme.setDrawingSupplier(new DefaultDrawingSupplier(
                PALETTE, PALETTE, PALETTE,
                new Stroke[] {line}, new Stroke[] {new BasicStroke(1f)},
                new Shape[] {new Ellipse2D.Double(-3.5, -3.5, 7, 7)}));
        return theme;
    }

    static Paint seriesColour(int index) {
        return PALETTE[index % PALETTE.length];
    }
}
