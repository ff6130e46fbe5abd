package dev.kintsugi.study.grid;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A study's cells as {@link GridWork}: each runs in a {@link CellWorker}, its result a {@link CellResult}. */
public final class StudyWork implements GridWork<Cell, CellResult> {
    private static final long serialVersionUID = 1L;
    private final String root;
    private final int threadsPerCell;
    private transient StudyFolder folder;

    public StudyWork(StudyFolder folder) {
        this.root = folder.root().toAbsolutePath().toString();
        this.threadsPerCell = folder.plan().threadsPerCell();
        this.folder = folder;
    }

    /** The study folder, read again from its path where this work was shipped to (a cluster's executor). */
    public StudyFolder folder() {
        if (folder == null) {
            folder = StudyFolder.existing(Path.of(root));
        }
        return folder;
    }

    @Override
    public String describe() {
        return "kintsugi study " + root;
    }

    @Override
    public int threadsPerCell() {
        return threadsPerCell;
    }

    @Override
    public GridWorker<Cell, CellResult> worker(String name, List<String> flags, String classPath) {
        return new CellWorker(folder(), name, CellWorker.command(flags, classPath, folder()));
    }

    @Override
    public Optional<CellResult> finished(Cell cell) {
        return folder().finished(cell);
    }

    @Override
    public String label(Cell cell) {
        return cell.label() + " (" + folder().cellFile(cell) + ")";
    }
}
