package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One slot of {@link LocalEngine}, or one task of a cluster engine: a long-lived {@link CellMain} worker process that runs cells one at a time,
 * started when the slot's first cell comes and replaced when a cell passes the hard limit (the process and its
 * children are killed, the cell recorded as "time-out") or the process dies (the cell recorded as "failed" with
 * the last line of the worker's log). The process keeps what a process per cell gave: a crash or a stuck cell
 * takes down one worker, never the study, and a cell never shares a heap with another slot's cells.
 */
public final class CellWorker implements GridWorker<Cell, CellResult> {
    /** Put in the answer queue when the worker's standard output ends, i.e. the worker died. */
    private static final String ENDED = "\u0000ended";

    private final StudyFolder folder;
    private final Path log;
    private final List<String> command;
    private final Duration hardLimit;
    private Process process;
    private Writer requests;
    private BlockingQueue<String> answers;

    /** A worker started with {@code command} (tests use a script speaking {@link CellMain}'s protocol). */
    CellWorker(StudyFolder folder, int slot, List<String> command, Duration hardLimit) {
        this(folder, "worker-" + slot, command, hardLimit);
    }

    /**
     * A worker for a cluster engine's task, logging to {@code logs/NAME.log} and started with {@code command}
     * (see {@link #command}), under the plan's hard limit.
     */
    public CellWorker(StudyFolder folder, String name, List<String> command) {
        this(folder, name, command, Duration.ofSeconds(folder.plan().hardLimitSeconds()));
    }

    private CellWorker(StudyFolder folder, String name, List<String> command, Duration hardLimit) {
        this.folder = folder;
        this.log = folder.root().resolve(StudyFolder.LOGS).resolve(name + ".log");
        this.command = List.copyOf(command);
        this.hardLimit = hardLimit;
    }

    /** Runs {@code cell} and returns its result, which is in the study folder by then. */
    @Override
    public CellResult run(Cell cell) {
        long start = System.nanoTime();
        long limitNanos = hardLimit.toNanos();
        String answer;
        try {
            if (process == null || !process.isAlive()) {
                start();
            }
            try {
                requests.write(CellMain.request(cell) + "\n");
                requests.flush();
            } catch (IOException e) {
                // The worker died between cells; its standard output has ended too, so the wait below says so.
            }
            answer = answers.poll(limitNanos - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new KintsugiException("the study was interrupted", e);
        }
        CellResult r;
        if (answer == null) {
            stop();
            r = CellResult.unfinished(cell, CellResult.TIME_OUT, "stopped at the hard limit of "
                    + hardLimit.toSeconds() + " s", seconds(start));
        } else if (answer.equals(ENDED)) {
            r = CellResult.unfinished(cell, CellResult.FAILED, "exit " + exitValue() + ": " + lastLine(log),
                    seconds(start));
            process = null;
        } else if (answer.startsWith(CellMain.FAILED)) {
            r = CellResult.unfinished(cell, CellResult.FAILED, answer.substring(CellMain.FAILED.length()), seconds(start));
        } else if (answer.startsWith(CellMain.BROKEN)) {
            // The worker exits after this answer; retired now, so the next cell never goes to a dying process.
            close();
            r = CellResult.unfinished(cell, CellResult.FAILED, answer.substring(CellMain.BROKEN.length()), seconds(start));
        } else {
            Optional<CellResult> saved = folder.finished(cell);
            r = saved.isPresent() ? saved.get().withProcessSeconds(seconds(start))
                    : CellResult.unfinished(cell, CellResult.FAILED, "the worker saved no result", seconds(start));
        }
        folder.save(r);
        return r;
    }

    private void start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new KintsugiException("cannot start a cell worker: " + e.getMessage(), e);
        }
        requests = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        answers = queue;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> readAnswers(out, queue), "cell-worker-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Passes answers on; anything else a native library printed on standard output goes to the worker's log. */
    private void readAnswers(BufferedReader out, BlockingQueue<String> queue) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals(CellMain.DONE) || line.startsWith(CellMain.FAILED) || line.startsWith(CellMain.BROKEN)) {
                    queue.add(line);
                } else {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            // The pipe broke: the worker is gone, which ENDED reports.
        }
        queue.add(ENDED);
    }

    /**
     * This JVM's flags (heap, DJL offline, coverage agent ...) but a debugger's and the thread setting: what a
     * worker on this machine starts with.
     */
    public static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Dkintsugi.threads")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** This machine's java with {@code flags} and {@code classPath}, running a {@link CellMain} worker on {@code folder}. */
    public static List<String> command(List<String> flags, String classPath, StudyFolder folder) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(CellMain.class.getName());
        cmd.add(CellMain.WORKER);
        cmd.add(folder.root().toAbsolutePath().toString());
        return cmd;
    }

    private int exitValue() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Ends the worker: its input closed, it exits once its loop sees that; killed if it has not within 30 s. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            requests.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                stop();
            }
        } catch (IOException e) {
            stop();
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** This JVM's java executable, which worker processes are started with. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Why a worker process failed: its last "kintsugi:" line (its one-line error), else its log's last line. */
    public static String lastLine(Path log) {
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
