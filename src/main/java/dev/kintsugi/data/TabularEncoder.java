package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Table} into a {@link Dataset}: numeric columns become one feature each, nominal
 * columns become one-hot groups in their declared value order, and a nominal label column supplies
 * the labels and class names (in declared order). Features are not scaled here; see
 * {@link Standardizer}.
 */
public final class TabularEncoder {
    private TabularEncoder() {
    }

    /** The last column, Weka's convention for the class attribute. */
    public static String defaultLabelColumn(Table table) {
        return table.columns().get(table.columns().size() - 1).name();
    }

    /** Feature names in encoding order: numeric columns by name, one-hot features as "column=value". */
    public static List<String> featureNames(Table table, String labelColumn) {
        List<String> names = new ArrayList<>();
        for (Table.Column c : featureColumns(table, labelColumn)) {
            if (c.kind() == Table.Kind.NUMERIC) {
                names.add(c.name());
            } else {
                for (String v : c.values()) {
                    names.add(c.name() + "=" + v);
                }
            }
        }
        return names;
    }

    public static Dataset encode(String name, Table table, String labelColumn, Map<String, String[]> attributes) {
        Table.Column label = table.columns().get(table.columnIndex(labelColumn));
        if (label.kind() != Table.Kind.NOMINAL) {
            throw new KintsugiException(table.source() + ": label column '" + labelColumn
                    + "' is numeric; it needs a nominal type such as {good, bad}");
        }
        List<Table.Column> features = featureColumns(table, labelColumn);
        int width = featureNames(table, labelColumn).size();
        if (width == 0) {
            throw new KintsugiException(table.source() + ": no feature columns besides the label '" + labelColumn + "'");
        }
        int[] featureIndex = features.stream().mapToInt(c -> table.columnIndex(c.name())).toArray();
        List<Map<String, Integer>> oneHot = new ArrayList<>();
        for (Table.Column c : features) {
            oneHot.add(positions(c.values()));
        }
        Map<String, Integer> classIndex = positions(label.values());
        int labelIndex = table.columnIndex(labelColumn);

        int n = table.rowCount();
        float[] x = new float[n * width];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            int offset = r * width;
            for (int f = 0; f < featureIndex.length; f++) {
                String cell = table.value(r, featureIndex[f]);
                if (features.get(f).kind() == Table.Kind.NUMERIC) {
                    x[offset++] = (float) Double.parseDouble(cell);
                } else {
                    x[offset + oneHot.get(f).get(cell)] = 1f;
                    offset += features.get(f).values().size();
                }
            }
            y[r] = classIndex.get(table.value(r, labelIndex));
        }
        return new Dataset(name, new int[] {width}, x, y, label.values(), attributes);
    }

    private static List<Table.Column> featureColumns(Table table, String labelColumn) {
        table.columnIndex(labelColumn); // fails with the list of columns when the label is absent
        return table.columns().stream().filter(c -> !c.name().equals(labelColumn)).toList();
    }

    private static Map<String, Integer> positions(List<String> values) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            index.put(values.get(i), i);
        }
        return index;
    }
}
