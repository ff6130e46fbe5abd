package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.OriginalAttacks;
import dev.kintsugi.model.Engines;
import dev.kintsugi.util.ProcessStats;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The entry point of the worker processes {@link LocalEngine} starts: {@code CellMain --worker STUDY_DIR} reads
 * cells from standard input, one a line ({@link #request}), runs each, saves its file atomically, and answers one
 * line ({@link #DONE}, or {@link #FAILED} or {@link #BROKEN} and why) on standard output, until standard input ends. The JVM and
 * PyTorch start once, each dataset is read once and each original is attacked once ({@link OriginalAttacks}), for
 * all the cells a worker runs; everything else (the original, the approach, the evaluation) is made afresh per
 * cell, so a cell computes what it would compute in a process of its own. It exits by itself when the study process that started it dies, so a killed study leaves no cell running
 * behind it.
 */
public final class CellMain {
    static final int USER_ERROR = 2;
    static final String WORKER = "--worker";
    /** Answers start with a control character, so a stray line a native library prints on stdout is never one. */
    static final String DONE = "\u0001cell done";
    static final String FAILED = "\u0001cell failed\t";
    /** A cell failed with an internal error and the worker exits after answering: the engine retires it. */
    static final String BROKEN = "\u0001cell broken\t";

    private CellMain() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(WORKER)) {
            dev.kintsugi.util.ParentWatch.exitWithParent();
            System.exit(worker(Path.of(args[1])));
        }
        System.err.println("usage: CellMain --worker STUDY_DIR");
        System.exit(USER_ERROR);
    }

    /** The line the engine sends a worker for {@code cell}. */
    static String request(Cell cell) {
        return cell.benchmark() + "\t" + cell.approach() + "\t" + cell.seed();
    }

    /**
     * The worker loop. Standard output carries only answers: {@code System.out} is pointed at standard error
     * (which the engine sends to the worker's log) and each cell's own output goes to the cell's log file.
     * A user error in a cell is answered and the worker goes on; an internal error is answered and the worker
     * exits 1, since what it holds may be broken (the engine starts a fresh one for the next cell).
     */
    static int worker(Path studyDir) {
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        StudyFolder folder;
        try {
            folder = StudyFolder.existing(studyDir);
            Engines.configureThreads(folder.plan().threadsPerCell());
        } catch (KintsugiException e) {
            System.err.println("kintsugi: " + firstLine(e));
            return USER_ERROR;
        }
        Map<String, Splits> splits = new HashMap<>();
        OriginalAttacks originalAttacks = OriginalAttacks.cache();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return 0;
            }
            if (line == null) {
                return 0; // the engine closed our input: no more cells
            }
            String[] f = line.split("\t");
            Cell cell = new Cell(f[0], f[1], Integer.parseInt(f[2]));
            // The previous cell's garbage collected and the peak-memory mark reset, so the cell's peakRssBytes is
            // this cell's peak (still above a fresh process's by what the worker keeps: PyTorch, JIT code, datasets).
            System.gc();
            ProcessStats.resetPeakRss();
            Path log = folder.logFile(cell);
            try {
                Files.createDirectories(log.getParent());
                try (PrintStream cellLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                    folder.save(CellRunner.run(folder, cell, cellLog, (name, seed) ->
                            splits.computeIfAbsent(name + "@" + seed, k -> BuiltinDatasets.load(name, seed)),
                            originalAttacks));
                }
                answers.println(DONE);
            } catch (KintsugiException e) {
                answers.println(FAILED + firstLine(e));
            } catch (IOException e) {
                answers.println(FAILED + "cannot write " + log + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                e.printStackTrace();
                answers.println(BROKEN + "internal error: " + String.valueOf(e).lines().findFirst().orElse(""));
                return 1;
            }
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
