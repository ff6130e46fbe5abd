package dev.kintsugi.study.grid;

import java.util.List;

/**
 * Hears a study's grid as it runs (the live dashboard listens; so can a Java API user). Calls come from the
 * engine's threads, so implementations are thread-safe. Every method has an empty default.
 */
public interface StudyWatcher {
    /** A watcher that does nothing. */
    StudyWatcher NONE = new StudyWatcher() {
    };

    /** The whole grid, before any cell runs: {@code finished} holds the cells a resumed study already has. */
    default void planned(List<Cell> cells, List<CellResult> finished) {
    }

    /** {@code cell} started on the engine. */
    default void started(Cell cell) {
    }

    /** {@code result} was written; {@code done} of {@code total} cells are finished (resumed ones included). */
    default void finished(CellResult result, int done, int total) {
    }
}
