package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs cells on this machine, each in its own JVM ({@link CellProcess}) with this JVM's flags and class path,
 * {@code parallel} at a time. The cost is a JVM and PyTorch start per cell (a few seconds; counted in the cell's
 * overhead).
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
    public void run(StudyFolder folder, List<Cell> cells, Consumer<Cell> started, Consumer<CellResult> finished) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "study-cell");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Cell c : cells) {
                futures.add(pool.submit(() -> {
                    started.accept(c);
                    finished.accept(CellProcess.run(folder, c, thisJvm(folder, c)));
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

    /** This JVM's java, flags (heap, DJL offline, coverage agent ...) and class path, running {@link CellMain}. */
    static List<String> thisJvm(StudyFolder folder, Cell cell) {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Dkintsugi.threads")) {
                flags.add(arg);
            }
        }
        return CellProcess.command(flags, System.getProperty("java.class.path"), folder, cell);
    }
}
