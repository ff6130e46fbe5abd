package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a user's dataset argument into the four-way split. Accepted, in this order: a built-in name;
 * a directory of saved splits ({@link SplitsDirectory}, loaded as written, not split again); a directory with the four Fashion-MNIST IDX file names (class names "0".."max label"); a
 * {@code .arff} or {@code .arff.gz} file (label: the last attribute); a {@code .csv} file (label: the
 * column named {@code label}); any other directory as an image folder. A {@code :label=NAME} suffix
 * picks another label column for ARFF and CSV, e.g. {@code data.csv:label=y}. Tabular data is
 * standardised with statistics of its train split.
 */
public final class DatasetResolver {
    static final String LABEL_SUFFIX = ":label=";
    static final String DEFAULT_CSV_LABEL = "label";

    private DatasetResolver() {
    }

    public static Splits resolve(String spec, long seed) {
        Splits splits = resolveUnchecked(spec, seed);
        requireTwoClasses(spec, splits);
        return splits;
    }

    /** One class (or none) trains to loss 0 and a meaningless accuracy of 1: refuse it at the door. */
    static void requireTwoClasses(String spec, Splits splits) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Dataset d : splits.byName().values()) {
            for (int i = 0; i < d.size() && seen.size() < 2; i++) {
                seen.add(d.label(i));
            }
        }
        if (seen.size() < 2) {
            throw new KintsugiException(spec + ": all samples have the same label"
                    + (seen.isEmpty() ? "" : " (" + splits.train().classNames().get(seen.iterator().next()) + ")")
                    + "; a classifier needs at least two classes");
        }
    }

    private static Splits resolveUnchecked(String spec, long seed) {
        if (BuiltinDatasets.names().contains(spec)) {
            return BuiltinDatasets.load(spec, seed);
        }
        int suffix = spec.lastIndexOf(LABEL_SUFFIX);
        String location = suffix >= 0 ? spec.substring(0, suffix) : spec;
        String label = suffix >= 0 ? spec.substring(suffix + LABEL_SUFFIX.length()) : null;
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            throw new KintsugiException("'" + spec + "' is neither a built-in dataset (" + String.join(", ",
                    BuiltinDatasets.names()) + ") nor an existing file or directory");
        }
        String fileName = path.getFileName() == null ? location : path.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            if (SplitsDirectory.isSplitsDirectory(path)) {
                return SplitsDirectory.read(path);
            }
            if (FashionMnist.isIdxDirectory(path)) {
                return FashionMnist.loadDirectory(fileName, path, numberedClasses(path), seed);
            }
            return StratifiedSplitter.fourWay(ImageFolderReader.read(path), seed);
        }
        if (lower.endsWith(".arff") || lower.endsWith(".arff.gz")) {
            Table table = ArffReader.read(path);
            String labelColumn = label != null ? label : TabularEncoder.defaultLabelColumn(table);
            Dataset all = TabularEncoder.encode(stem(fileName), table, labelColumn, null);
            return Standardizer.fitAndApply(StratifiedSplitter.fourWay(all, seed)).splits();
        }
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            Dataset all = CsvReader.read(path, label != null ? label : DEFAULT_CSV_LABEL);
            return Standardizer.fitAndApply(StratifiedSplitter.fourWay(all, seed)).splits();
        }
        throw new KintsugiException(path + ": unsupported dataset file (expected a built-in name ("
                + String.join(", ", BuiltinDatasets.names()) + "), a .arff or .csv file, a directory of IDX files"
                + " or an image folder)");
    }

    /** "0".."max" over the labels of both label files, so train and test share one class list. */
    private static List<String> numberedClasses(Path dir) {
        int max = 0;
        long[] counts = new long[256];
        for (String f : List.of(FashionMnist.FILES.get(1), FashionMnist.FILES.get(3))) {
            for (int l : IdxReader.readLabels(FashionMnist.require(dir, f), IdxReader.DEFAULT_MAX_BYTES)) {
                max = Math.max(max, l);
                counts[l]++;
            }
        }
        // Classes are 0..max; a label far outside the others (one stray 200 among 0..9) would silently add
        // empty classes, so every class in the range must occur.
        for (int c = 0; c <= max; c++) {
            if (counts[c] == 0) {
                throw new KintsugiException(dir + ": labels run 0.." + max + " but class " + c + " never occurs"
                        + " (label " + max + " occurs " + counts[max] + " time(s)); a stray or corrupt label?");
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static String stem(String fileName) {
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
