package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Engines;

import java.nio.file.Path;

/**
 * The entry point of a cell's own process ({@link LocalEngine} starts one per cell): {@code CellMain STUDY_DIR
 * BENCHMARK APPROACH SEED}. Runs the cell, saves its file atomically and exits 0; a user error exits 2 with one
 * line on standard error. It exits by itself when the study process that started it dies, so a killed study
 * leaves no cell running behind it.
 */
public final class CellMain {
    static final int USER_ERROR = 2;

    private CellMain() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: CellMain STUDY_DIR BENCHMARK APPROACH SEED");
            System.exit(USER_ERROR);
        }
        exitWithParent();
        try {
            StudyFolder folder = StudyFolder.existing(Path.of(args[0]));
            Engines.configureThreads(folder.plan().threadsPerCell());
            Cell cell = new Cell(args[1], args[2], Integer.parseInt(args[3]));
            folder.save(CellRunner.run(folder, cell, System.out));
            System.exit(0);
        } catch (KintsugiException e) {
            System.err.println("kintsugi: " + e.getMessage().lines().findFirst().orElse(""));
            System.exit(USER_ERROR);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.err.println("kintsugi: internal error: " + e);
            System.exit(1);
        }
    }

    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                while (true) {
                    if (!parent.isAlive()) {
                        Runtime.getRuntime().halt(3);
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }
}
