package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.study.grid.CellWorker;
import dev.kintsugi.study.grid.GridWorker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each stability run in a {@link StabilityRunMain} process of its own (a run is a whole training, minutes,
 * so a JVM per run costs little), logging to the study's {@code logs/run-NNN.log}. A run that fails throws with
 * its one-line reason; a grid engine on a cluster retries it.
 */
final class StabilityRunWorker implements GridWorker<Integer, RunRecord> {
    private final StudyDirectory dir;
    private final List<String> flags;
    private final String classPath;
    private volatile Process process;

    StabilityRunWorker(StudyDirectory dir, List<String> flags, String classPath) {
        this.dir = dir;
        this.flags = List.copyOf(flags);
        this.classPath = classPath;
    }

    @Override
    public RunRecord run(Integer run) {
        Path log = dir.logFile(run);
        List<String> cmd = new ArrayList<>();
        cmd.add(CellWorker.java());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(StabilityRunMain.class.getName());
        cmd.add(dir.root().toAbsolutePath().toString());
        cmd.add(Integer.toString(run));
        int exit;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            exit = process.waitFor();
        } catch (IOException e) {
            throw new KintsugiException("cannot start stability run " + (run + 1) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new KintsugiException("stability run " + (run + 1) + " was interrupted", e);
        }
        process = null;
        if (exit != 0) {
            throw new KintsugiException("stability run " + (run + 1) + " failed (exit " + exit + "): " + CellWorker.lastLine(log));
        }
        return dir.finished(run).orElseThrow(() -> new KintsugiException("stability run " + (run + 1)
                + " ended without saving " + dir.runFile(run)));
    }

    @Override
    public void close() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
