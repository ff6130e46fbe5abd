package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs cells on this machine in {@code parallel} worker processes ({@link GridWorker}, one per slot), each taking
 * the next cell when it finishes one. A process per slot, rather than per cell, pays the JVM's and PyTorch's
 * start-up (seconds, most of a small cell's time) once per worker instead of once per cell, and reads each dataset
 * once per worker; it still keeps the study's process apart from the cells, so a cell past its hard limit is
 * stopped (its worker killed and replaced, the cell recorded as a time-out) and a crashing native library takes
 * down one worker, not the study. Each cell's peak memory is measured from a reset of the worker's peak mark.
 */
public final class LocalEngine implements GridEngine {
    private final int parallel;

    public LocalEngine(int parallel) {
        if (parallel < 1) {
            throw new KintsugiException("--parallel must be at least 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public <C extends java.io.Serializable, R> void run(GridWork<C, R> work, List<C> cells, Consumer<C> started,
                                                         Consumer<R> finished) {
        Queue<C> todo = new ConcurrentLinkedQueue<>(cells);
        int slots = Math.min(parallel, cells.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, slots), r -> {
            Thread t = new Thread(r, "study-slot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                int slot = s;
                futures.add(pool.submit(() -> {
                    try (GridWorker<C, R> worker = work.worker("worker-" + slot, CellWorker.jvmFlags(),
                            System.getProperty("java.class.path"))) {
                        for (C c = todo.poll(); c != null; c = todo.poll()) {
                            started.accept(c);
                            finished.accept(worker.run(c));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KintsugiException("the study was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new KintsugiException("a cell failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
