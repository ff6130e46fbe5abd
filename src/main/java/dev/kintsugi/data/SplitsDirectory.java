package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset saved as its four splits, so a corrected copy (relabelled, pruned, deduplicated) loads back
 * with {@code --data DIR} exactly as written, without being split again. The directory holds
 * {@value #MANIFEST} (class names, sample shape, encoding, sizes and checksums of each split) and per split
 * either an IDX pair ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, ...) when the data
 * is 8-bit greyscale images without attributes, or else {@code train.csv} ... with columns
 * {@code f0..fN-1}, {@code label} (the class index) and one column per attribute; the sample shape comes
 * from the manifest. Tabular data is stored as it is held (already standardised) and not standardised again.
 */
public final class SplitsDirectory {
    public static final String MANIFEST = "splits.json";
    public static final String FORMAT = "kintsugi-splits/1";

    private SplitsDirectory() {
    }

    /** What {@value #MANIFEST} holds. */
    public record Manifest(String format, String source, List<String> classNames, int[] sampleShape, String encoding,
                           List<String> attributes, Map<String, SplitEntry> splits) {
    }

    /** One split's size and the checksum of the dataset it was written from. */
    public record SplitEntry(int samples, String sha256) {
    }

    public static boolean isSplitsDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /** Writes the four splits into {@code dir}, which must exist (callers write into a fresh temporary folder). */
    public static Manifest write(Splits splits, Path dir) throws IOException {
        List<Dataset> parts = List.copyOf(splits.byName().values());
        boolean idx = parts.stream().allMatch(d -> d.attributes().isEmpty() && IdxWriter.fits(d));
        Map<String, SplitEntry> entries = new LinkedHashMap<>();
        for (int s = 0; s < parts.size(); s++) {
            Dataset d = parts.get(s);
            String name = Splits.NAMES.get(s);
            if (idx) {
                IdxWriter.write(d, dir.resolve(imagesFile(name)), dir.resolve(labelsFile(name)));
            } else {
                writeCsv(d, dir.resolve(name + ".csv"));
            }
            entries.put(name, new SplitEntry(d.size(), d.checksum()));
        }
        Dataset train = splits.train();
        Manifest manifest = new Manifest(FORMAT, splits.source(), train.classNames(), train.sampleShape(),
                idx ? "idx" : "csv", new ArrayList<>(train.attributes().keySet()), entries);
        Json.write(dir.resolve(MANIFEST), manifest);
        return manifest;
    }

    public static Splits read(Path dir) {
        Manifest m = Json.read(dir.resolve(MANIFEST), Manifest.class);
        if (!FORMAT.equals(m.format()) || m.classNames() == null || m.sampleShape() == null || m.splits() == null) {
            throw new KintsugiException(dir.resolve(MANIFEST) + ": not a " + FORMAT + " manifest");
        }
        if (m.encoding() == null) {
            throw new KintsugiException(dir.resolve(MANIFEST) + ": \"encoding\" is missing (expected idx or csv)");
        }
        String base = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        List<Dataset> parts = new ArrayList<>();
        for (String name : Splits.NAMES) {
            String partName = base + "/" + name;
            Dataset d = switch (m.encoding()) {
                case "idx" -> IdxReader.read(partName, require(dir, imagesFile(name)), require(dir, labelsFile(name)),
                        m.classNames());
                case "csv" -> readCsv(partName, require(dir, name + ".csv"), m);
                default -> throw new KintsugiException(dir.resolve(MANIFEST) + ": unknown encoding '" + m.encoding()
                        + "' (expected idx or csv)");
            };
            verify(dir, name, d, m.splits().get(name));
            parts.add(d);
        }
        return new Splits(base + " (saved splits of " + m.source() + ")", parts.get(0), parts.get(1), parts.get(2),
                parts.get(3));
    }

    /** The files must hold what the manifest says was written: same size, same content checksum. */
    private static void verify(Path dir, String name, Dataset d, SplitEntry entry) {
        if (entry == null) {
            throw new KintsugiException(dir.resolve(MANIFEST) + ": no entry for the " + name + " split");
        }
        if (entry.samples() != d.size()) {
            throw new KintsugiException(dir + ": the " + name + " split holds " + d.size() + " samples but "
                    + MANIFEST + " says " + entry.samples() + " (files changed since they were written?)");
        }
        if (entry.sha256() != null && !entry.sha256().equalsIgnoreCase(d.checksum())) {
            throw new KintsugiException(dir + ": the " + name + " split's checksum does not match " + MANIFEST
                    + " (files changed since they were written?)");
        }
    }

    static String imagesFile(String split) {
        return split + "-images-idx3-ubyte";
    }

    static String labelsFile(String split) {
        return split + "-labels-idx1-ubyte";
    }

    private static Path require(Path dir, String file) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new KintsugiException(dir + ": missing " + file + " named in " + MANIFEST);
        }
        return p;
    }

    private static void writeCsv(Dataset d, Path file) throws IOException {
        int width = d.sampleSize();
        List<String> attributes = new ArrayList<>(d.attributes().keySet());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int f = 0; f < width; f++) {
                line.append('f').append(f).append(',');
            }
            line.append("label");
            attributes.forEach(a -> line.append(',').append(quote(a)));
            w.write(line.append('\n').toString());
            float[] x = d.featuresView();
            for (int i = 0; i < d.size(); i++) {
                line.setLength(0);
                for (int f = 0; f < width; f++) {
                    line.append(Float.toString(x[i * width + f])).append(',');
                }
                line.append(d.label(i));
                for (String a : attributes) {
                    line.append(',').append(quote(d.attributes().get(a)[i]));
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    private static Dataset readCsv(String name, Path file, Manifest m) {
        Dataset read = CsvReader.read(file, "label", m.attributes() == null ? List.of() : m.attributes());
        // CsvReader names classes by the sorted distinct label strings; ours are class indices.
        int[] labels = new int[read.size()];
        for (int i = 0; i < labels.length; i++) {
            String index = read.classNames().get(read.label(i));
            try {
                labels[i] = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw new KintsugiException(file + ": label '" + index + "' is not a class index");
            }
            if (labels[i] < 0 || labels[i] >= m.classNames().size()) {
                throw new KintsugiException(file + ": class index " + labels[i] + " is outside 0.."
                        + (m.classNames().size() - 1));
            }
        }
        return new Dataset(name, m.sampleShape(), read.featuresView(), labels, m.classNames(), read.attributes());
    }

    private static String quote(String cell) {
        return cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
