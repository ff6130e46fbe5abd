package dev.kintsugi.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A headed part of a report: an ordered, open list of blocks. */
public final class Section {
    private final String heading;
    private final List<Block> blocks = new ArrayList<>();

    Section(String heading) {
        this.heading = heading;
    }

    /** Adds any block; the typed methods below are shorthands for the common ones. */
    public Section add(Block block) {
        blocks.add(block);
        return this;
    }

    public Section paragraph(String text) {
        return add(new Paragraph(text));
    }

    public Section keyValues(Map<String, ?> entries) {
        return add(new KeyValues(entries));
    }

    public Section table(Table table) {
        return add(table);
    }

    public Section chart(Chart chart) {
        return add(chart);
    }

    /** Embeds an SVG element as is; it must come from a trusted renderer, as it is not escaped. */
    public Section chart(String title, String svg) {
        return add(new InlineSvg(title, svg));
    }

    public Section imageGrid(ImageGrid grid) {
        return add(grid);
    }

    public String heading() {
        return heading;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    String toHtml(String anchor) {
        StringBuilder html = new StringBuilder("<section id=\"").append(anchor).append("\">\n<h2>")
                .append(Html.escape(heading)).append("</h2>\n");
        blocks.forEach(b -> html.append(b.toHtml()));
        return html.append("</section>\n").toString();
    }
}
