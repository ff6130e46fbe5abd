package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a comma-separated file with a header row into a {@link Dataset}: one declared label column
 * (any strings; class names are the sorted distinct values), optional columns kept as per-sample
 * attributes, and every other column a finite numeric feature. Double quotes around a cell are
 * allowed ("" inside them is a quote); blank lines are skipped.
 */
public final class CsvReader {
    private CsvReader() {
    }

    public static Dataset read(Path file, String labelColumn) {
        return read(file, labelColumn, List.of());
    }

    public static Dataset read(Path file, String labelColumn, Collection<String> attributeColumns) {
        List<String> lines = TextFiles.readLines(file);
        int headerLine = firstNonBlank(lines);
        if (headerLine < 0) {
            throw new KintsugiException(file + ": empty file; expected a header row");
        }
        List<String> header = splitLine(stripBom(lines.get(headerLine)), file + " line " + (headerLine + 1));
        int labelIndex = header.indexOf(labelColumn);
        if (labelIndex < 0) {
            throw new KintsugiException(file + ": no label column '" + labelColumn + "' (columns: "
                    + String.join(", ", header) + ")");
        }
        for (String a : attributeColumns) {
            if (!header.contains(a)) {
                throw new KintsugiException(file + ": no attribute column '" + a + "' (columns: "
                        + String.join(", ", header) + ")");
            }
        }
        Set<String> asAttributes = Set.copyOf(attributeColumns);
        List<Integer> featureIndex = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c != labelIndex && !asAttributes.contains(header.get(c))) {
                featureIndex.add(c);
            }
        }
        if (featureIndex.isEmpty()) {
            throw new KintsugiException(file + ": no numeric feature columns besides the label and attributes");
        }

        List<float[]> features = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        Map<String, List<String>> attributeValues = new LinkedHashMap<>();
        attributeColumns.forEach(a -> attributeValues.put(a, new ArrayList<>()));
        for (int i = headerLine + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            List<String> cells = splitLine(lines.get(i), where);
            if (cells.size() != header.size()) {
                throw new KintsugiException(where + ": " + cells.size() + " cells but the header has " + header.size()
                        + " columns");
            }
            float[] row = new float[featureIndex.size()];
            for (int f = 0; f < row.length; f++) {
                int c = featureIndex.get(f);
                row[f] = parseFeature(cells.get(c), header.get(c), where);
            }
            String label = cells.get(labelIndex);
            if (label.isEmpty()) {
                throw new KintsugiException(where + ": empty label in column '" + labelColumn + "'");
            }
            features.add(row);
            labelValues.add(label);
            attributeValues.forEach((a, values) -> values.add(cells.get(header.indexOf(a))));
        }
        if (features.isEmpty()) {
            throw new KintsugiException(file + ": no data rows after the header");
        }

        List<String> classNames = new ArrayList<>(new TreeSet<>(labelValues));
        int width = featureIndex.size();
        float[] x = new float[features.size() * width];
        int[] y = new int[features.size()];
        Map<String, Integer> classIndex = new HashMap<>();
        classNames.forEach(c -> classIndex.put(c, classIndex.size()));
        for (int r = 0; r < y.length; r++) {
            System.arraycopy(features.get(r), 0, x, r * width, width);
            y[r] = classIndex.get(labelValues.get(r));
        }
        Map<String, String[]> attributes = new LinkedHashMap<>();
        attributeValues.forEach((a, values) -> attributes.put(a, values.toArray(String[]::new)));
        return new Dataset(baseName(file), new int[] {width}, x, y, classNames, attributes);
    }

    private static float parseFeature(String cell, String column, String where) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new KintsugiException(where + " column '" + column + "': '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v) || !Float.isFinite((float) v)) {
            throw new KintsugiException(where + " column '" + column + "': '" + cell + "' is not a finite number");
        }
        return (float) v;
    }

    private static List<String> splitLine(String line, String where) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new KintsugiException(where + ": unterminated quote (quoted cells cannot span lines)");
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
