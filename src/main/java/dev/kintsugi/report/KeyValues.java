package dev.kintsugi.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** A two-column list of named values, e.g. a run's settings; numbers use {@link CellFormat}. */
public record KeyValues(Map<String, ?> entries, int decimals) implements Block {
    public KeyValues {
        entries = new LinkedHashMap<>(entries);
    }

    public KeyValues(Map<String, ?> entries) {
        this(entries, CellFormat.DEFAULT_DECIMALS);
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder("<dl class=\"kv\">\n");
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            html.append("<dt>").append(Html.escape(e.getKey())).append("</dt><dd>")
                    .append(Html.escape(CellFormat.format(e.getValue(), decimals))).append("</dd>\n");
        }
        return html.append("</dl>\n").toString();
    }
}
