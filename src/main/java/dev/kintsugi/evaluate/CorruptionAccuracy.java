package dev.kintsugi.evaluate;

import java.util.List;
import java.util.OptionalDouble;

/** A model's accuracy on clean images and under each corruption and severity ({@link Corruptions}). */
public record CorruptionAccuracy(String dataset, double cleanAccuracy, List<Cell> table) {

    /** One table entry: accuracy under {@code corruption} at {@code severity} (its parameter {@code strength}). */
    public record Cell(String corruption, int severity, double strength, double accuracy) {
    }

    /** The accuracy for one corruption and severity. */
    public double accuracy(Corruption corruption, int severity) {
        String name = corruption.name().toLowerCase(java.util.Locale.ROOT);
        return table.stream().filter(c -> c.corruption().equals(name) && c.severity() == severity)
                .mapToDouble(Cell::accuracy).findFirst().orElseThrow();
    }

    /** Mean accuracy over corruptions at one severity. */
    public double meanAccuracy(int severity) {
        OptionalDouble mean = table.stream().filter(c -> c.severity() == severity).mapToDouble(Cell::accuracy)
                .average();
        return mean.orElse(Double.NaN);
    }
}
