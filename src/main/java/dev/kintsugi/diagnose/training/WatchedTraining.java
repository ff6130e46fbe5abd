package dev.kintsugi.diagnose.training;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.training.repair.TrainingSetup;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ProgressListener;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.train.TrainingListener;

import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * One training run under the doctor's eye, shared by {@code --doctor warn} and every attempt of {@code --doctor fix}:
 * a fresh doctor with every detector, a progress bar with the doctor's latest finding beside it (when progress is
 * shown), and the findings printed when the run ends. Create one per run: its doctor keeps that run's findings.
 */
public final class WatchedTraining {
    private final TrainingDoctor doctor;
    private final ProgressListener bar;
    private final PrintStream progress;

    /**
     * @param stopOn the checks whose problems stop the run early (see {@link TrainingDoctor})
     * @param progress where bars and findings go; null shows nothing
     */
    public WatchedTraining(DoctorThresholds thresholds, Predicate<String> stopOn, PrintStream progress) {
        this.progress = progress;
        this.bar = progress == null ? null : new ProgressListener(progress);
        this.doctor = new TrainingDoctor(thresholds, Detectors.all(), bar == null ? null : bar::note, stopOn);
    }

    /** A finished run: the network belongs to the caller, who must close it. */
    public record Trained(Network network, TrainingHistory history) {
    }

    public TrainingDoctor doctor() {
        return doctor;
    }

    /**
     * Trains a fresh network for {@code setup} (seeded by its config, then restored from {@code checkpoint} when not
     * null) for {@code epochs} epochs, with the doctor and {@code extra} listeners watching.
     */
    public Trained fit(TrainingSetup setup, byte[] checkpoint, int epochs, Dataset train, Dataset valid,
                       TrainingListener... extra) {
        Network network = Network.create(setup.spec(), setup.config().seed());
        try {
            if (checkpoint != null) {
                network.restore(checkpoint);
            }
            Trainer trainer = new Trainer(setup.config().withEpochs(epochs)).addListener(doctor);
            for (TrainingListener listener : extra) {
                trainer.addListener(listener);
            }
            if (bar != null) {
                trainer.addListener(bar);
            }
            TrainingHistory history = trainer.fit(network, train, valid);
            if (progress != null) {
                doctor.findings().forEach(f -> progress.println(f.finding().oneLine()));
            }
            return new Trained(network, history);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
