package dev.kintsugi.study.grid;

import java.util.Locale;

/**
 * One cell of a study's grid: an approach repairing a benchmark's original trained with a seed. Serializable, so a
 * cluster engine can ship it to the task that runs it.
 */
public record Cell(String benchmark, String approach, int seed) implements java.io.Serializable {
    /** A readable, unique label, e.g. {@code german-credit/mlp arachne seed 1}. */
    public String label() {
        return String.format(Locale.ROOT, "%s %s seed %d", benchmark, approach, seed);
    }

    /** The cell's file name inside its benchmark's folder. */
    public String fileName() {
        return String.format(Locale.ROOT, "%s-seed%d.json", approach, seed);
    }
}
