package dev.kintsugi.report;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;

/** A perceptually uniform colour scale (viridis) between two bounds, for heatmaps. */
final class ColorRamp implements PaintScale {
    private static final Color[] STOPS = {
        new Color(0x440154), new Color(0x482878), new Color(0x3E4A89), new Color(0x31688E),
        new Color(0x26828E), new Color(0x1F9E89), new Color(0x35B779), new Color(0x6ECE58),
        new Color(0xB5DE2B), new Color(0xFDE725),
    };
    static final Color MISSING = new Color(0xEEEEEE);

    private final double lower;
    private final double upper;

    ColorRamp(double lower, double upper) {
        this.lower = lower;
        // A constant matrix still needs a non-empty scale for the legend axis.
        this.upper = upper > lower ? upper : lower + 1;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return colour(value);
    }

    Color colour(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (STOPS.length - 1);
        int i = Math.min((int) t, STOPS.length - 2);
        double f = t - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    /** Black or white, whichever reads better on {@code background}. */
    static Color textOn(Color background) {
        double luminance = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
