package dev.kintsugi.diagnose.stability;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Engines;
import dev.kintsugi.util.ParentWatch;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The process a grid engine runs one stability run in ({@link StabilityRunWorker}):
 * {@code StabilityRunMain STUDY_DIR RUN} reads the study's design, loads its data on this machine, checks that it is
 * the study's data (the split checksums the design recorded), trains run {@code RUN} exactly as the in-process study
 * does and saves its file atomically. A process per run, because PyTorch's random seed is process-wide: two runs
 * sharing a cluster executor's JVM could not reproduce the local study's numbers. Exit 0 when the run's file is
 * saved, 2 for a user error (its one line on standard error after "kintsugi:"), 1 for an internal error.
 */
public final class StabilityRunMain {
    static final int USER_ERROR = 2;

    private StabilityRunMain() {
    }

    public static void main(String[] args) {
        ParentWatch.exitWithParent();
        if (args.length != 2 || !args[1].matches("\\d{1,6}")) {
            System.err.println("usage: StabilityRunMain STUDY_DIR RUN");
            System.exit(USER_ERROR);
        }
        try {
            run(StudyDirectory.existing(Path.of(args[0])), Integer.parseInt(args[1]));
            System.exit(0);
        } catch (KintsugiException e) {
            System.err.println("kintsugi: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            System.exit(USER_ERROR);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Trains and saves run {@code run} of the study in {@code dir}. */
    static RunRecord run(StudyDirectory dir, int run) {
        StudyDesign design = dir.design();
        Engines.configureThreads(design.threads());
        RunSeeds seeds = design.seeds(run);
        StabilityStudy study = StabilityStudy.fromDesign(design, dir.root().resolve(StudyDirectory.DESIGN).toString());
        System.err.printf(Locale.ROOT, "run %d: %s%n", run + 1, StabilityStudy.describe(seeds));
        RunRecord record = study.train(seeds, null);
        dir.save(record);
        return record;
    }
}
