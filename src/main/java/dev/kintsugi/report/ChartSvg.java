package dev.kintsugi.report;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Renders a JFreeChart to an SVG string that is the same for the same chart. */
final class ChartSvg {
    /** JFreeSVG's default id prefix comes from the clock; this stand-in is replaced by a content hash. */
    private static final String ID_PLACEHOLDER = "kintsugi-svg-id-placeholder";

    private ChartSvg() {
    }

    static Chart render(String title, JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(ID_PLACEHOLDER);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        String svg = g.getSVGElement(null, false, new ViewBox(0, 0, width, height), null, null);
        // A content hash keeps ids unique across the charts of one page, yet stable across renders.
        String prefix = "c" + sha256(svg).substring(0, 12) + "-";
        return new Chart(title, svg.replace(ID_PLACEHOLDER, prefix), width, height);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
