package dev.kintsugi.report;

/** A paragraph of plain text; line breaks in the text are kept. */
public record Paragraph(String text) implements Block {
    @Override
    public String toHtml() {
        return "<p>" + Html.escape(text).replace("\n", "<br/>") + "</p>\n";
    }
}
