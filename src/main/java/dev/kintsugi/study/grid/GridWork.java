package dev.kintsugi.study.grid;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link GridEngine} runs: a grid of independent cells kept in a folder every machine sees (a study's cells,
 * a stability study's runs). An engine starts {@link GridWorker}s where it runs cells (this machine, a cluster's
 * executors), hands each a cell, and reads the finished cell back from the folder. Serializable, so a cluster
 * engine can ship it to its executors: it holds the folder's path, never its contents.
 *
 * @param <C> a cell
 * @param <R> a finished cell's result, as saved in the folder
 */
public interface GridWork<C extends Serializable, R> extends Serializable {
    /** A short name for logs and cluster UIs, e.g. "kintsugi study runs/s1". */
    String describe();

    /** The CPU threads each cell uses (a cluster engine gives each task as many cores). */
    int threadsPerCell();

    /**
     * A worker in this JVM that runs cells in a process of its own, started with the JVM {@code flags} and
     * {@code classPath}, logging under the name {@code name}.
     */
    GridWorker<C, R> worker(String name, List<String> flags, String classPath);

    /** The result of {@code cell} if its file is complete in the folder. */
    Optional<R> finished(C cell);

    /** How to tell a user about {@code cell} in one line. */
    String label(C cell);
}
