package dev.kintsugi.study.grid;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a study's unfinished cells. The study does not know which engine runs it: an engine runs each cell
 * with {@link CellRunner} somewhere (a child process here, a cluster task later), makes sure each finished
 * cell's file is in the study folder (written atomically, by the cell or by the engine for a cell that timed
 * out or crashed), and reports each as it finishes. Cells are independent, so any order and any parallelism is
 * allowed; a cell that is redone overwrites its file with the same numbers, never adds a second one.
 */
public interface GridEngine {
    /** The engine's name, e.g. {@code local}. */
    String name();

    /**
     * Runs {@code cells} (none finished yet), calling {@code started} when a cell begins and {@code finished} once
     * per cell when its result is in the folder, from any thread.
     */
    void run(StudyFolder folder, List<Cell> cells, Consumer<Cell> started, Consumer<CellResult> finished);
}
