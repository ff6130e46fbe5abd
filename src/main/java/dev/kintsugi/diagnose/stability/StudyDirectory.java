package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.util.AtomicFiles;
import dev.kintsugi.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A study's output folder, which is also its resume state: {@code design.json} (the settings it was
 * started with) and {@code runs/run-NNN.json}, one per finished run, each written atomically. A study
 * killed mid-run leaves at most a temporary file behind, which is ignored; restarting with the same
 * settings skips every run whose file is there.
 */
public final class StudyDirectory {
    public static final String DESIGN = "design.json";
    public static final String RUNS = "runs";

    private final Path root;
    private final StudyDesign design;

    private StudyDirectory(Path root, StudyDesign design) {
        this.root = root;
        this.design = design;
    }

    /**
     * Opens {@code root} for {@code design}: creates it (or adopts an empty folder), or, when it holds a
     * study already, checks that it was started with the same settings.
     */
    public static StudyDirectory open(Path root, StudyDesign design) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new KintsugiException(root + " is a file; --out must be a folder");
        }
        Path designFile = root.resolve(DESIGN);
        if (Files.isRegularFile(designFile)) {
            StudyDesign recorded = readDesign(designFile);
            Optional<String> difference = design.differenceFrom(recorded);
            if (difference.isPresent()) {
                throw new KintsugiException(root + " holds a study started with other arguments (" + difference.get()
                        + "); rerun with the same arguments to resume it, or choose another --out");
            }
        } else {
            if (Files.isDirectory(root) && !isEmpty(root)) {
                throw new KintsugiException(root + " exists and is not a stability study folder; choose another --out");
            }
            Json.write(designFile, design);
        }
        return new StudyDirectory(root, design);
    }

    /** The study already at {@code root} (a cluster worker's view of the driver's folder), with its recorded design. */
    public static StudyDirectory existing(Path root) {
        Path designFile = root.resolve(DESIGN);
        if (!Files.isRegularFile(designFile)) {
            throw new KintsugiException(root + " holds no stability study (no " + DESIGN + "); does this machine see "
                    + "the study folder?");
        }
        return new StudyDirectory(root, readDesign(designFile));
    }

    private static StudyDesign readDesign(Path designFile) {
        try {
            return Json.read(designFile, StudyDesign.class);
        } catch (RuntimeException e) {
            throw new KintsugiException(designFile + " is unreadable; it is not a stability study folder", e);
        }
    }

    /** The settings the study was started with. */
    public StudyDesign design() {
        return design;
    }

    /** Where the process running {@code run} on a grid engine logs. */
    public Path logFile(int run) {
        return root.resolve("logs").resolve(String.format(Locale.ROOT, "run-%03d.log", run));
    }

    public Path root() {
        return root;
    }

    public Path runFile(int run) {
        return root.resolve(RUNS).resolve(String.format(Locale.ROOT, "run-%03d.json", run));
    }

    /** The finished run {@code run}, if its file is there. */
    public Optional<RunRecord> finished(int run) {
        Path file = runFile(run);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(file, RunRecord.class));
        } catch (RuntimeException e) {
            throw new KintsugiException(file + " is unreadable; delete it to run that seed again", e);
        }
    }

    public void save(RunRecord record) {
        Json.write(runFile(record.seeds().run()), record);
    }

    public void write(String name, Object value) {
        Json.write(root.resolve(name), value);
    }

    public void writeString(String name, String text) {
        AtomicFiles.writeString(root.resolve(name), text);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
