package dev.kintsugi.study.grid;

/**
 * Runs cells of one {@link GridWork}, one at a time, each in a process apart from the engine's (a crash or a
 * stuck cell takes down a worker, never the engine), saving each finished cell in the work's folder atomically.
 */
public interface GridWorker<C, R> extends AutoCloseable {
    /** Runs {@code cell}; its result is in the folder when this returns it. */
    R run(C cell);

    /** Ends the worker's process. */
    @Override
    void close();
}
