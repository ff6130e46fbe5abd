package dev.kintsugi.study.grid;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a grid's unfinished cells: a study's cells, a stability study's runs. The grid does not know which engine
 * runs it: an engine starts the work's {@link GridWorker}s somewhere (child processes on this machine, a cluster's
 * executors), makes sure each finished cell's file is in the work's folder (written atomically by the worker), and
 * reports each as it finishes. Cells are independent, so any order and any parallelism is allowed; a cell that is
 * redone overwrites its file with the same numbers, never adds a second one.
 */
public interface GridEngine {
    /** The engine's name, e.g. {@code local}. */
    String name();

    /**
     * Runs {@code cells} (none finished yet), calling {@code started} when a cell begins and {@code finished} once
     * per cell when its result is in the folder, from any thread.
     */
    <C extends Serializable, R> void run(GridWork<C, R> work, List<C> cells, Consumer<C> started, Consumer<R> finished);
}
