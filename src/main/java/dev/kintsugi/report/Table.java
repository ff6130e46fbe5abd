package dev.kintsugi.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of text and numbers. Numbers are right-aligned and printed with a fixed number of decimals
 * (per table or per column); columns may be heat-shaded (see {@link Shading}).
 */
public final class Table implements Block {
    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();
    private final Map<Integer, Integer> decimalsByColumn = new HashMap<>();
    private final Map<Integer, Shading> shadingByColumn = new HashMap<>();
    private int decimals = CellFormat.DEFAULT_DECIMALS;
    private String caption;

    private Table(List<String> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = List.copyOf(headers);
    }

    public static Table withHeaders(String... headers) {
        return new Table(List.of(headers));
    }

    public static Table withHeaders(List<String> headers) {
        return new Table(headers);
    }

    /** Adds a row of cells: strings, numbers or null (an empty cell). */
    public Table row(Object... cells) {
        return row(java.util.Arrays.asList(cells));
    }

    public Table row(List<?> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells but the table has "
                    + headers.size() + " columns");
        }
        rows.add(new ArrayList<>(cells));
        return this;
    }

    public Table caption(String text) {
        this.caption = text;
        return this;
    }

    /** Decimals for every non-integer number (default 3). */
    public Table decimals(int places) {
        this.decimals = checkDecimals(places);
        return this;
    }

    public Table decimals(String column, int places) {
        decimalsByColumn.put(indexOf(column), checkDecimals(places));
        return this;
    }

    public Table shade(String column, Shading shading) {
        shadingByColumn.put(indexOf(column), shading);
        return this;
    }

    public List<String> headers() {
        return headers;
    }

    public int rowCount() {
        return rows.size();
    }

    @Override
    public String toHtml() {
        Map<Integer, Shading.ColumnRange> ranges = new HashMap<>();
        shadingByColumn.keySet().forEach(c -> ranges.put(c, Shading.ColumnRange.of(finiteValues(c))));
        StringBuilder html = new StringBuilder("<div class=\"table-wrap\"><table>\n");
        if (caption != null) {
            html.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            html.append(numericColumn(c) ? "<th class=\"num\">" : "<th>")
                    .append(Html.escape(headers.get(c))).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                html.append(cell(row.get(c), c, ranges.get(c)));
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table></div>\n").toString();
    }

    private String cell(Object value, int column, Shading.ColumnRange range) {
        String text = Html.escape(CellFormat.format(value, decimalsByColumn.getOrDefault(column, decimals)));
        if (!CellFormat.isNumber(value)) {
            return "<td>" + text + "</td>";
        }
        String style = "";
        Shading shading = shadingByColumn.get(column);
        if (shading != null) {
            style = Shading.cssFor(shading.strength(((Number) value).doubleValue(), range));
        }
        return style.isEmpty() ? "<td class=\"num\">" + text + "</td>"
                : "<td class=\"num\" style=\"" + style + "\">" + text + "</td>";
    }

    /** A column whose non-empty cells are all numbers gets a right-aligned header too. */
    private boolean numericColumn(int column) {
        boolean any = false;
        for (List<Object> row : rows) {
            Object v = row.get(column);
            if (v != null && !CellFormat.isNumber(v)) {
                return false;
            }
            any |= v != null;
        }
        return any;
    }

    private double[] finiteValues(int column) {
        return rows.stream().map(r -> r.get(column))
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .filter(Double::isFinite)
                .toArray();
    }

    private int indexOf(String column) {
        int index = headers.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + headers);
        }
        return index;
    }

    private static int checkDecimals(int places) {
        if (places < 0 || places > 12) {
            throw new IllegalArgumentException("decimals must be in 0..12, got " + places);
        }
        return places;
    }
}
