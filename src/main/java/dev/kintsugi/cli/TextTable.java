package dev.kintsugi.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the terminal: columns padded to their widest cell, numbers right-aligned. */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        append(sb, headers, width);
        for (int i = 0; i < width.length; i++) {
            sb.append("-".repeat(width[i])).append(i + 1 < width.length ? "  " : "\n");
        }
        for (List<String> r : rows) {
            append(sb, r, width);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            boolean numeric = c.matches("-?[0-9.,%]+");
            String pad = " ".repeat(width[i] - c.length());
            sb.append(numeric ? pad + c : c + pad);
            sb.append(i + 1 < width.length ? "  " : "\n");
        }
    }
}
