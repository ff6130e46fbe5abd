package dev.kintsugi.data;

/**
 * The study's four-way split. Repair approaches may use train, valid and repair; only test judges.
 * {@code source} names the dataset and how it was split, for provenance.
 */
public record Splits(String source, Dataset train, Dataset valid, Dataset repair, Dataset test) {

    public String describe() {
        return String.format("%s: train %d / valid %d / repair %d / test %d", source, train.size(), valid.size(),
                repair.size(), test.size());
    }
}
