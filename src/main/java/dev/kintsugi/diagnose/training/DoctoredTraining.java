package dev.kintsugi.diagnose.training;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.training.repair.TrainingRepair;
import dev.kintsugi.diagnose.training.repair.TrainingSetup;

import java.io.PrintStream;
import java.util.List;

/** Training with the doctor watching: {@code warn} reports, {@code fix} also repairs (see {@link TrainingRepair}). */
public final class DoctoredTraining {
    private DoctoredTraining() {
    }

    /**
     * Trains a fresh network for {@code setup} (seeded by its config) with the doctor in {@code mode} (warn or
     * fix); {@code progress} (may be null) shows progress bars with the doctor's latest finding beside them.
     */
    public static DoctoredRun run(TrainingSetup setup, Dataset train, Dataset valid, DoctorMode mode,
                                  DoctorThresholds thresholds, PrintStream progress) {
        if (mode == DoctorMode.FIX) {
            return new TrainingRepair(train, valid, thresholds, progress).repair(setup);
        }
        WatchedTraining watched = new WatchedTraining(thresholds, check -> false, progress);
        WatchedTraining.Trained run = watched.fit(setup, null, setup.config().epochs(), train, valid);
        TrainingDoctor doctor = watched.doctor();
        List<DoctorReport.Entry> entries = DoctorReport.entries(doctor.reportable());
        DoctorReport report = new DoctorReport(mode.label(), entries, entries, List.of(), List.of(),
                doctor.doctorSeconds(), run.history().seconds, doctor.overhead(), doctor.samples(), thresholds,
                GradientTable.byEpoch(doctor.signals()));
        return new DoctoredRun(run.network(), setup.config(), run.history(), report, doctor.signals());
    }
}
