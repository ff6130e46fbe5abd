package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs cells on this machine, each in its own JVM ({@link CellMain}) with this JVM's flags and class path,
 * {@code parallel} at a time. A process per cell makes each cell's peak memory its own, lets a cell past its hard
 * limit be stopped (and recorded as a time-out), and keeps a crashing native library from taking the study down.
 * The cost is a JVM and PyTorch start per cell (a few seconds; counted in the cell's overhead).
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
                    finished.accept(runOne(folder, c));
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

    private static CellResult runOne(StudyFolder folder, Cell cell) {
        long start = System.nanoTime();
        Path log = folder.logFile(cell);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command(folder, cell)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new KintsugiException("cannot start a cell process: " + e.getMessage(), e);
        }
        try {
            boolean done = process.waitFor(folder.plan().hardLimitSeconds(), TimeUnit.SECONDS);
            if (!done) {
                stop(process);
                CellResult r = CellResult.unfinished(cell, CellResult.TIME_OUT, "stopped at the hard limit of "
                        + folder.plan().hardLimitSeconds() + " s", seconds(start));
                folder.save(r);
                return r;
            }
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new KintsugiException("the study was interrupted", e);
        }
        Optional<CellResult> saved = folder.finished(cell);
        if (saved.isPresent()) {
            CellResult r = saved.get().withProcessSeconds(seconds(start));
            folder.save(r);
            return r;
        }
        CellResult r = CellResult.unfinished(cell, CellResult.FAILED, "exit " + process.exitValue() + ": "
                + lastLine(log), seconds(start));
        folder.save(r);
        return r;
    }

    /** This JVM's java, flags (heap, DJL offline, coverage agent ...) and class path, running {@link CellMain}. */
    static List<String> command(StudyFolder folder, Cell cell) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Dkintsugi.threads")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CellMain.class.getName());
        cmd.add(folder.root().toAbsolutePath().toString());
        cmd.add(cell.benchmark());
        cmd.add(cell.approach());
        cmd.add(Integer.toString(cell.seed()));
        return cmd;
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("kintsugi:")) {
                    return lines.get(i).substring("kintsugi:".length()).strip();
                }
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "no log";
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
