package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses dense ARFF files (Weka's format; plain or gzipped) into a {@link Table}: {@code %} comments,
 * {@code @relation}, {@code @attribute} with numeric/real/integer or {nominal, list} types, quoted
 * names and values, and {@code @data}. Every cell is checked against its attribute's type while
 * parsing, so a bad row is reported with its line: missing values ('?'), non-numbers and unknown
 * nominal values are errors, not silently imputed.
 */
public final class ArffReader {
    private ArffReader() {
    }

    public static Table read(Path file) {
        List<String> lines = TextFiles.readLines(file);
        List<Table.Column> columns = new ArrayList<>();
        List<Set<String>> allowed = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        boolean inData = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("%")) {
                continue;
            }
            if (inData) {
                rows.add(parseRow(line, columns, allowed, where));
                rowLines.add(i + 1);
                continue;
            }
            String keyword = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "@relation" -> { } // the relation name plays no part in the dataset
                case "@attribute" -> {
                    Table.Column column = parseAttribute(line.substring(keyword.length()).strip(), where);
                    if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                        // columns are found by name later: a second one of the same name would be read as the first
                        throw new KintsugiException(where + ": a second attribute named '" + column.name() + "'");
                    }
                    columns.add(column);
                    allowed.add(new HashSet<>(column.values()));
                }
                case "@data" -> {
                    if (columns.isEmpty()) {
                        throw new KintsugiException(where + ": @data before any @attribute");
                    }
                    inData = true;
                }
                default -> throw new KintsugiException(where + ": expected @relation, @attribute or @data but found: "
                        + line);
            }
        }
        if (!inData) {
            throw new KintsugiException(file + ": no @data section; is this an ARFF file?");
        }
        if (rows.isEmpty()) {
            throw new KintsugiException(file + ": the @data section holds no rows");
        }
        return new Table(file.toString(), columns, rows, rowLines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Table.Column parseAttribute(String text, String where) {
        String name;
        String type;
        if (text.startsWith("'") || text.startsWith("\"")) {
            int[] end = new int[1];
            name = ArffTokenizer.unquote(text, 0, end, where);
            type = text.substring(end[0]).strip();
        } else {
            String[] parts = text.split("\\s+", 2);
            name = parts[0];
            type = parts.length > 1 ? parts[1].strip() : "";
        }
        if (name.isEmpty() || type.isEmpty()) {
            throw new KintsugiException(where + ": @attribute needs a name and a type");
        }
        if (type.startsWith("{")) {
            if (!type.endsWith("}")) {
                throw new KintsugiException(where + ": nominal type of '" + name + "' lacks its closing }");
            }
            List<String> values = new ArrayList<>();
            for (ArffTokenizer.Token t : ArffTokenizer.split(type.substring(1, type.length() - 1), where)) {
                values.add(t.text());
            }
            return new Table.Column(name, Table.Kind.NOMINAL, values);
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "numeric", "real", "integer" -> new Table.Column(name, Table.Kind.NUMERIC, List.of());
            default -> throw new KintsugiException(where + ": attribute '" + name + "' has type '" + type
                    + "', which is not supported (only numeric, real, integer and {nominal} types)");
        };
    }

    private static String[] parseRow(String line, List<Table.Column> columns, List<Set<String>> allowed, String where) {
        if (line.startsWith("{")) {
            throw new KintsugiException(where + ": sparse ARFF rows are not supported");
        }
        List<ArffTokenizer.Token> tokens = ArffTokenizer.split(line, where);
        if (tokens.size() != columns.size()) {
            throw new KintsugiException(where + ": " + tokens.size() + " values but " + columns.size()
                    + " attributes are declared");
        }
        String[] row = new String[tokens.size()];
        for (int c = 0; c < row.length; c++) {
            ArffTokenizer.Token token = tokens.get(c);
            Table.Column column = columns.get(c);
            if (!token.quoted() && token.text().equals("?")) {
                throw new KintsugiException(where + ": missing value '?' for attribute '" + column.name()
                        + "'; impute or drop such rows first");
            }
            if (column.kind() == Table.Kind.NUMERIC) {
                checkNumber(token.text(), column.name(), where);
            } else if (!allowed.get(c).contains(token.text())) {
                throw new KintsugiException(where + ": unknown value '" + token.text() + "' for nominal attribute '"
                        + column.name() + "' (declared: " + String.join(", ", column.values()) + ")");
            }
            row[c] = token.text();
        }
        return row;
    }

    private static void checkNumber(String text, String attribute, String where) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new KintsugiException(where + ": value '" + text + "' of numeric attribute '" + attribute
                    + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new KintsugiException(where + ": value '" + text + "' of numeric attribute '" + attribute
                    + "' is not finite");
        }
    }
}
