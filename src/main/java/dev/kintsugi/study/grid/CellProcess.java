package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one cell in its own JVM ({@link CellMain}) and waits for it, whichever engine asked: {@link LocalEngine}
 * on this machine, or a cluster engine's task on a worker. A process per cell makes each cell's peak memory and
 * thread count its own, keeps PyTorch's process-wide random seed to one cell at a time (two cells in one JVM would
 * draw from the same generator), lets a cell past its hard limit be stopped (and recorded as a time-out), and keeps
 * a crashing native library from taking the engine down. Its result is in the study folder when this returns.
 */
public final class CellProcess {
    private CellProcess() {
    }

    /** Runs {@code cell} as {@code command} (see {@link #command}), its output going to the cell's log file. */
    public static CellResult run(StudyFolder folder, Cell cell, List<String> command) {
        long start = System.nanoTime();
        Path log = folder.logFile(cell);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    /** This machine's java with {@code flags} and {@code classPath}, running {@link CellMain} on {@code cell}. */
    public static List<String> command(List<String> flags, String classPath, StudyFolder folder, Cell cell) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classPath);
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
