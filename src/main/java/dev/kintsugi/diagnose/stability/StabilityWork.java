package dev.kintsugi.diagnose.stability;

import dev.kintsugi.study.grid.GridWork;
import dev.kintsugi.study.grid.GridWorker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A stability study's runs as grid cells for a {@link dev.kintsugi.study.grid.GridEngine}: cell i is run i. */
public final class StabilityWork implements GridWork<Integer, RunRecord> {
    private static final long serialVersionUID = 1L;
    private final String root;
    private final int threads;
    private transient StudyDirectory dir;

    public StabilityWork(StudyDirectory dir) {
        this.root = dir.root().toAbsolutePath().toString();
        this.threads = dir.design().threads();
        this.dir = dir;
    }

    StudyDirectory dir() {
        if (dir == null) {
            dir = StudyDirectory.existing(Path.of(root));
        }
        return dir;
    }

    @Override
    public String describe() {
        return "kintsugi stability " + root;
    }

    @Override
    public int threadsPerCell() {
        return threads;
    }

    @Override
    public GridWorker<Integer, RunRecord> worker(String name, List<String> flags, String classPath) {
        return new StabilityRunWorker(dir(), flags, classPath);
    }

    @Override
    public Optional<RunRecord> finished(Integer run) {
        return dir().finished(run);
    }

    @Override
    public String label(Integer run) {
        return "run " + (run + 1) + " (" + dir().runFile(run) + ")";
    }
}
