package dev.kintsugi.util;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The checksums a {@link Provenance} records, checked against the files as they are now. A folder's own
 * files ({@link Provenance#files}) are verified whenever a model is loaded; {@code kintsugi provenance
 * verify} checks them and, where an input is a Kintsugi model folder that still exists, that input too.
 */
public final class ProvenanceCheck {
    /** One recorded checksum and what the file has now; {@code actual} is null when the file is gone. */
    public record Entry(String what, Path path, String recorded, String actual) {
        public boolean matches() {
            return recorded.equals(actual);
        }

        public String state() {
            return actual == null ? "MISSING" : matches() ? "ok" : "CHANGED";
        }
    }

    private ProvenanceCheck() {
    }

    /** SHA-256 of each regular file directly in {@code dir} except {@code provenance.json}, by name, sorted. */
    public static SortedMap<String, String> hashFiles(Path dir, String provenanceFile) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(provenanceFile)) {
                    files.put(name, Checksums.sha256(f));
                }
            }
        } catch (IOException e) {
            throw new KintsugiException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** The folder's own files against {@code provenance.files}; empty when it records none (older folders). */
    public static List<Entry> ownFiles(Path dir, Provenance provenance) {
        List<Entry> entries = new ArrayList<>();
        if (provenance == null || provenance.files == null) {
            return entries;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(provenance.files).entrySet()) {
            Path file = dir.resolve(e.getKey()).normalize();
            if (!file.startsWith(dir.normalize()) || e.getKey().contains("/") || e.getKey().contains("\\")) {
                // a hand-edited record must not make verify hash files outside the folder
                throw new KintsugiException(dir + ": provenance names a file outside its folder: " + e.getKey());
            }
            String actual = Files.isRegularFile(file) ? Checksums.sha256(file) : null;
            entries.add(new Entry(e.getKey(), file, String.valueOf(e.getValue()), actual));
        }
        return entries;
    }

    /**
     * Throws one line naming the first file that no longer matches its recorded checksum: a model changed
     * after it was saved is not the model its provenance (and every report made from it) describes.
     */
    public static void requireIntact(Path dir, Provenance provenance) {
        for (Entry e : ownFiles(dir, provenance)) {
            if (!e.matches()) {
                throw new KintsugiException(e.path() + (e.actual() == null ? " is missing" : " changed")
                        + " since it was saved (provenance.json records SHA-256 " + abbreviate(e.recorded())
                        + (e.actual() == null ? "" : ", it now has " + abbreviate(e.actual()))
                        + "); `kintsugi provenance verify " + dir + "` lists every file; restore it, or remove "
                        + "\"files\" from provenance.json to use it unverified");
            }
        }
    }

    static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }
}
