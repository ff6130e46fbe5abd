package dev.kintsugi.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The study's four-way split. Repair approaches may use train, valid and repair; only test judges.
 * {@code source} names the dataset and how it was split, for provenance.
 */
public record Splits(String source, Dataset train, Dataset valid, Dataset repair, Dataset test) {
    /** The split names in their order: file names, report columns and {@code --split} values all use these. */
    public static final List<String> NAMES = List.of("train", "valid", "repair", "test");

    /** The four splits by name, in {@link #NAMES} order. */
    public Map<String, Dataset> byName() {
        Map<String, Dataset> parts = new LinkedHashMap<>();
        parts.put("train", train);
        parts.put("valid", valid);
        parts.put("repair", repair);
        parts.put("test", test);
        return parts;
    }

    /** The split called {@code name} (one of {@link #NAMES}), if there is one. */
    public Optional<Dataset> named(String name) {
        return Optional.ofNullable(byName().get(name));
    }

    public String describe() {
        return String.format("%s: train %d / valid %d / repair %d / test %d", source, train.size(), valid.size(),
                repair.size(), test.size());
    }
}
