package dev.kintsugi.diagnose.training.repair;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.diagnose.training.DiagnosedFinding;
import dev.kintsugi.diagnose.training.DoctorReport;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.DoctoredRun;
import dev.kintsugi.diagnose.training.FixAttempt;
import dev.kintsugi.diagnose.training.GradientTable;
import dev.kintsugi.diagnose.training.TrainingDoctor;
import dev.kintsugi.diagnose.training.WatchedTraining;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.EpochEvent;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.train.TrainingListener;
import dev.kintsugi.train.TrainingStart;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --doctor fix}, AUTOTRAINER's repair loop. The original run trains to its end with the doctor watching,
 * keeping a checkpoint after every epoch until the doctor's first finding. If it had a problem, the loop rolls back
 * to the last good checkpoint (the parameters at the end of the last epoch before any finding, warnings included; a
 * fix that changes the architecture needs fresh parameters and restarts from epoch 0 with the same seed, and so does
 * early stopping, which must choose among the original trajectory's epochs), applies the next fix in
 * {@link FixCatalogue}'s order for that problem (learning-rate fixes first when the doctor also flagged the rate as
 * too high), and trains the remaining epochs. Each attempt is judged against the run it would replace by
 * {@link ValidationVerdict}:
 * <ul>
 *   <li><b>solved</b>, the fix is kept: the doctor no longer sees the problem and validation passes the problem's
 *       bar — better (accuracy up or loss down, neither worse beyond noise) for the problems that are poor progress
 *       (slow convergence, not converging, premature convergence, learning rate too low); not worse beyond noise for
 *       the defects (NaN, gradients, dead or saturated units, overfitting, output/loss mismatch, inputs, imbalance),
 *       whose removal is the repair. The loss is not compared when the fix changes the output head, since the
 *       original's loss then went through a second softmax;</li>
 *   <li><b>step</b>, kept too: the problem is still there but validation is clearly better (beyond noise), so the
 *       problem's fixes continue from the better setup (a rate of 1e-6 raised to 1e-3 can still be too slow, and
 *       the next ×10 should start from 1e-3);</li>
 *   <li>otherwise the fix is undone and the next one tried.</li>
 * </ul>
 * A kept fix becomes the new starting point (a later problem gets its own fixes on top). A setup already trained is
 * never tried again, so no fix undoes an earlier one. An attempt stops early only
 * if the problem it targets comes back, so a failing fix costs little; other problems it shows are the next round's.
 * At most {@code maxAttempts} attempts ({@link #DEFAULT_MAX_ATTEMPTS}). If the final setup's run was cut short by the
 * doctor, it is trained once more from scratch to its full length without stopping, so the saved model is always
 * fully trained.
 */
public final class TrainingRepair {
    /**
     * The attempt limit: room for the longest chain (exploding gradients with a learning rate also flagged too high:
     * four learning-rate fixes, then five of AUTOTRAINER's) plus the follow-on problems a kept fix reveals.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 12;

    private final Dataset train;
    private final Dataset valid;
    private final DoctorThresholds thresholds;
    private final PrintStream progress;
    private final int maxAttempts;
    private double doctorSeconds;
    private double trainingSeconds;
    private int samples;

    public TrainingRepair(Dataset train, Dataset valid, DoctorThresholds thresholds, PrintStream progress) {
        this(train, valid, thresholds, progress, DEFAULT_MAX_ATTEMPTS);
    }

    public TrainingRepair(Dataset train, Dataset valid, DoctorThresholds thresholds, PrintStream progress,
                          int maxAttempts) {
        this.train = train;
        this.valid = valid;
        this.thresholds = thresholds;
        this.progress = progress;
        this.maxAttempts = maxAttempts;
    }

    /** A run with its checkpoints: the last epoch (counted from the start of training) with no problem. */
    private static final class Run implements AutoCloseable {
        final TrainingSetup setup;
        final Network network;
        final TrainingDoctor doctor;
        final TrainingHistory history;
        final byte[] checkpoint;
        final int checkpointEpoch;

        Run(TrainingSetup setup, Network network, TrainingDoctor doctor, TrainingHistory history, byte[] checkpoint,
            int checkpointEpoch) {
            this.setup = setup;
            this.network = network;
            this.doctor = doctor;
            this.history = history;
            this.checkpoint = checkpoint;
            this.checkpointEpoch = checkpointEpoch;
        }

        boolean stoppedByDoctor() {
            return history.stoppedEarly != null && history.stoppedEarly.startsWith("doctor:");
        }

        @Override
        public void close() {
            network.close();
        }
    }

    /** Keeps a snapshot of the parameters at the start and after every epoch up to the doctor's first finding. */
    private static final class Checkpoints implements TrainingListener {
        final TrainingDoctor doctor;
        final int offset;
        byte[] bytes;
        int epoch;

        Checkpoints(TrainingDoctor doctor, int offset) {
            this.doctor = doctor;
            this.offset = offset;
        }

        @Override
        public void onTrainingStart(TrainingStart start) {
            bytes = start.network().snapshot();
            epoch = offset;
        }

        @Override
        public void onEpochEnd(EpochEvent e) {
            // Any finding, a warning included (a learning rate of 3 is flagged before it does visible damage),
            // means the parameters may already be spoiled: later epochs are no longer good checkpoints.
            if (doctor.findings().isEmpty()) {
                bytes = e.network().snapshot();
                epoch = offset + e.stats().epoch();
            }
        }
    }

    public DoctoredRun repair(TrainingSetup initial) {
        int totalEpochs = initial.config().epochs();
        // The original run goes to its end: its final accuracy is what the user gets without the doctor, and what a
        // fix has to beat (stopped at the first problem, a run that collapses later can still look good).
        Run current = train(initial, null, 0, totalEpochs, null);
        List<DoctorReport.Entry> original = DoctorReport.entries(current.doctor.reportable());
        List<FixAttempt> attempts = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        java.util.Set<TrainingSetup> tried = new java.util.HashSet<>(List.of(initial));
        // the current run's validation predictions: a kept attempt's become the next baseline as they are
        dev.kintsugi.evaluate.Predictions base = null;
        try {
            boolean progressMade = true;
            while (progressMade && attempts.size() < maxAttempts) {
                progressMade = false;
                Optional<DiagnosedFinding> problem = current.doctor.firstProblem();
                if (problem.isEmpty()) {
                    break;
                }
                String check = problem.get().finding().check();
                if (base == null) {
                    base = Predictor.predict(current.network, valid);
                }
                boolean perClass = ValidationVerdict.judgedPerClass(check);
                double baseline = perClass ? base.balancedAccuracy() : base.accuracy();
                List<String> seen = current.doctor.findings().stream().map(f -> f.finding().check()).toList();
                for (TrainingFix fix : FixCatalogue.fixesFor(check, seen)) {
                    if (attempts.size() >= maxAttempts) {
                        break;
                    }
                    Optional<TrainingSetup> changed = fix.apply(current.setup, train);
                    // a setup already trained (the original, a kept one, an undone one) is never tried again: no
                    // fix can undo an earlier one and no attempt is wasted on a known result
                    if (changed.isEmpty() || !tried.add(changed.get())) {
                        continue;
                    }
                    boolean restart = fix.fromStart() || current.checkpointEpoch >= totalEpochs;
                    int from = restart ? 0 : current.checkpointEpoch;
                    say("doctor: trying " + fix.name() + " for " + check + " from epoch " + from);
                    long t0 = System.nanoTime();
                    Run attempt = train(changed.get(), restart ? null : current.checkpoint, from, totalEpochs - from,
                            check);
                    boolean gone = attempt.doctor.findings().stream().noneMatch(f -> f.finding().check().equals(check));
                    dev.kintsugi.evaluate.Predictions p = Predictor.predict(attempt.network, valid);
                    double acc = perClass ? p.balancedAccuracy() : p.accuracy();
                    boolean lossComparable = !perClass && java.util.Objects.equals(current.setup.spec().option("output"),
                            changed.get().spec().option("output"));
                    List<String> remaining = attempt.doctor.findings().stream().map(f -> f.finding().check()).toList();
                    ValidationVerdict.Rule rule = ValidationVerdict.ruleFor(check, remaining);
                    boolean solved = gone && ValidationVerdict.passes(rule, acc, p.meanLoss(), baseline,
                            base.meanLoss(), valid.size(), lossComparable);
                    boolean step = !solved && !gone && ValidationVerdict.clearlyImproves(acc, p.meanLoss(), baseline,
                            base.meanLoss(), valid.size(), lossComparable);
                    boolean kept = solved || step;
                    String verdict = solved ? (rule == ValidationVerdict.Rule.IMPROVES ? "solved, validation better"
                            : "solved, validation not worse") : step ? "step: problem remains, validation clearly better"
                            : gone ? "undone: validation not good enough" : "undone: problem remains";
                    attempts.add(new FixAttempt(check, fix.name(), from, gone, acc, baseline, p.meanLoss(),
                            base.meanLoss(), kept, remaining,
                            (System.nanoTime() - t0) / 1e9, verdict));
                    say(String.format(Locale.ROOT, "doctor: %s for %s: problem %s, valid acc %.4f vs %.4f, loss %.4f vs "
                                    + "%.4f -> %s", fix.name(), check, gone ? "gone" : "still there", acc, baseline,
                            p.meanLoss(), base.meanLoss(), verdict));
                    if (kept) {
                        current.close();
                        current = attempt;
                        base = p;
                        applied.add(fix.name() + " (" + check + (step ? ", step" : "") + ")");
                        progressMade = true;
                        break;
                    }
                    attempt.close();
                }
            }
            if (current.stoppedByDoctor()) {
                say("doctor: training the final setup to its full " + totalEpochs + " epochs");
                Run full = train(current.setup, null, 0, totalEpochs, null);
                current.close();
                current = full;
            }
        } catch (RuntimeException e) {
            current.close();
            throw e;
        }
        // NaN that survives lr ÷ 100 and clipping is one numerical fault, not a pile of optimisation problems
        Optional<DiagnosedFinding> numerical = NumericalFault.diagnose(attempts, current.doctor.signals());
        List<DoctorReport.Entry> findings = DoctorReport.entries(numerical.isPresent() ? List.of(numerical.get())
                : current.doctor.reportable());
        DoctorReport report = new DoctorReport("fix", findings, original,
                attempts, applied, doctorSeconds, trainingSeconds,
                trainingSeconds - doctorSeconds > 0 ? doctorSeconds / (trainingSeconds - doctorSeconds) : Double.NaN,
                samples, thresholds, GradientTable.byEpoch(current.doctor.signals()));
        return new DoctoredRun(current.network, current.setup.config(), current.history, report, current.doctor.signals());
    }

    /**
     * Trains {@code setup} for {@code epochs} epochs, from {@code checkpoint} (or fresh parameters if null),
     * stopping early only if the doctor sees {@code stopOn} (may be null: never).
     */
    private Run train(TrainingSetup setup, byte[] checkpoint, int fromEpoch, int epochs, String stopOn) {
        WatchedTraining watched = new WatchedTraining(thresholds, check -> check.equals(stopOn), progress);
        Checkpoints checkpoints = new Checkpoints(watched.doctor(), fromEpoch);
        WatchedTraining.Trained run = watched.fit(setup, checkpoint, epochs, train, valid, checkpoints);
        doctorSeconds += watched.doctor().doctorSeconds();
        trainingSeconds += run.history().seconds;
        samples += watched.doctor().samples();
        return new Run(setup, run.network(), watched.doctor(), run.history(), checkpoints.bytes, checkpoints.epoch);
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
        }
    }
}
