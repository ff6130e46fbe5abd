package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed table before encoding: typed columns and the raw cell strings of each row, with the line
 * each row came from so later errors can point at it. Cells are already validated against their
 * column's type by the reader that built the table.
 */
public final class Table {
    public enum Kind { NUMERIC, NOMINAL }

    /** A column; {@code values} lists a nominal column's declared values in order (empty for numeric). */
    public record Column(String name, Kind kind, List<String> values) {
        public Column {
            values = List.copyOf(values);
        }
    }

    private final String source;
    private final List<Column> columns;
    private final List<String[]> rows;
    private final int[] lines;

    public Table(String source, List<Column> columns, List<String[]> rows, int[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = new ArrayList<>(rows);
        this.lines = lines.clone();
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + lines.length + " line numbers");
        }
    }

    /** The file the table was read from. */
    public String source() {
        return source;
    }

    public List<Column> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** The 1-based line of the file that held {@code row}. */
    public int line(int row) {
        return lines[row];
    }

    public int columnIndex(String name) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(name)) {
                return c;
            }
        }
        List<String> names = columns.stream().map(Column::name).toList();
        throw new KintsugiException(source + ": no column '" + name + "' (columns: " + String.join(", ", names) + ")");
    }

    /** All values of one column, top to bottom. */
    public String[] columnValues(String name) {
        int c = columnIndex(name);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[c];
        }
        return out;
    }
}
