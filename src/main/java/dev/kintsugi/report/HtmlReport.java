package dev.kintsugi.report;

import dev.kintsugi.util.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML report: styles, charts (inline SVG) and images (PNG data URIs) are all inside
 * the file, so it opens offline and needs no script. The markup is also well-formed XML.
 */
public final class HtmlReport {
    /** Reports with at least this many sections get a table of contents. */
    private static final int MIN_SECTIONS_FOR_CONTENTS = 3;
    private static final String CSS = loadCss();

    private final String title;
    private String subtitle;
    private final Map<String, String> provenance = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();

    private HtmlReport(String title) {
        this.title = title;
    }

    public static HtmlReport titled(String title) {
        return new HtmlReport(title);
    }

    /** A line under the title, e.g. what was examined. */
    public HtmlReport subtitle(String text) {
        this.subtitle = text;
        return this;
    }

    /** Where the report comes from, e.g. command, time, versions; shown in the order given. */
    public HtmlReport provenance(Map<String, String> entries) {
        provenance.putAll(entries);
        return this;
    }

    /** Appends a new section and returns it for filling. */
    public Section section(String heading) {
        Section section = new Section(heading);
        sections.add(section);
        return section;
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    public String toHtml() {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n<header>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        if (subtitle != null) {
            html.append("<p class=\"subtitle\">").append(Html.escape(subtitle)).append("</p>\n");
        }
        if (!provenance.isEmpty()) {
            html.append("<p class=\"provenance\">");
            provenance.forEach((k, v) -> html.append("<span><b>").append(Html.escape(k)).append(":</b> ")
                    .append(Html.escape(v)).append("</span>"));
            html.append("</p>\n");
        }
        html.append("</header>\n");
        if (sections.size() >= MIN_SECTIONS_FOR_CONTENTS) {
            html.append("<nav><ol>\n");
            for (int i = 0; i < sections.size(); i++) {
                html.append("<li><a href=\"#").append(anchor(i)).append("\">")
                        .append(Html.escape(sections.get(i).heading())).append("</a></li>\n");
            }
            html.append("</ol></nav>\n");
        }
        for (int i = 0; i < sections.size(); i++) {
            html.append(sections.get(i).toHtml(anchor(i)));
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /** Writes the report atomically: readers never see a half-written file. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toHtml());
    }

    private static String anchor(int index) {
        return "section-" + (index + 1);
    }

    private static String loadCss() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report.css", e);
        }
    }
}
