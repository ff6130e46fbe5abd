package dev.kintsugi.diagnose.training;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.training.repair.TrainingRepair;
import dev.kintsugi.diagnose.training.repair.TrainingSetup;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ProgressListener;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingHistory;

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
        ProgressListener bar = progress == null ? null : new ProgressListener(progress);
        TrainingDoctor doctor = new TrainingDoctor(thresholds, Detectors.all(), bar == null ? null : bar::note, false);
        Network network = Network.create(setup.spec(), setup.config().seed());
        try {
            Trainer trainer = new Trainer(setup.config()).addListener(doctor);
            if (bar != null) {
                trainer.addListener(bar);
            }
            TrainingHistory history = trainer.fit(network, train, valid);
            List<DoctorReport.Entry> entries = DoctorReport.entries(doctor.findings());
            DoctorReport report = new DoctorReport(mode.label(), entries, entries, List.of(), List.of(),
                    doctor.doctorSeconds(), history.seconds, doctor.overhead(), doctor.samples(), thresholds, GradientTable.byEpoch(doctor.signals()));
            if (progress != null) {
                doctor.findings().forEach(f -> progress.println(f.finding().oneLine()));
            }
            return new DoctoredRun(network, setup.config(), history, report, doctor.signals());
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
