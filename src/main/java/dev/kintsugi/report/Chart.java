package dev.kintsugi.report;

/**
 * A rendered chart: an inline SVG element that scales to the page width (it has a viewBox and no fixed
 * size), plus the size it was laid out at, which fixes its aspect ratio.
 */
public record Chart(String title, String svg, int width, int height) implements Block {
    @Override
    public String toHtml() {
        return new InlineSvg(title, svg).toHtml();
    }
}
