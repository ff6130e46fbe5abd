package dev.kintsugi.report;

/** An SVG element shown as a figure that fills the content width; the SVG is trusted, not escaped. */
record InlineSvg(String title, String svg) implements Block {
    InlineSvg {
        if (!svg.stripLeading().startsWith("<svg")) {
            throw new IllegalArgumentException("not an SVG element: " + svg.substring(0, Math.min(40, svg.length())));
        }
    }

    @Override
    public String toHtml() {
        return "<figure class=\"chart\" title=\"" + Html.escape(title) + "\">\n" + svg.strip() + "\n</figure>\n";
    }
}
