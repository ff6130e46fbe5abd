package dev.kintsugi.diagnose.training;

import dev.kintsugi.diagnose.Finding;
import dev.kintsugi.diagnose.Severity;
import dev.kintsugi.train.BatchEvent;
import dev.kintsugi.train.EpochEvent;
import dev.kintsugi.train.TrainingHistory;
import dev.kintsugi.train.TrainingListener;
import dev.kintsugi.train.TrainingStart;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The training doctor: a {@link TrainingListener} that samples gradient and activation statistics cheaply (the
 * first batch of every epoch and every {@code sampleEvery}-th batch), runs every {@link Detector} at the end of
 * each epoch (and the NaN check after any batch whose loss is not finite), and reports each problem once, when
 * it is first seen. It times itself, so a run reports its own overhead.
 *
 * <p>In the {@code --doctor fix} repair loop it asks the trainer to stop when the problem being fixed comes
 * back, so that a failing fix costs little.
 */
public final class TrainingDoctor implements TrainingListener {
    private final DoctorThresholds thresholds;
    private final List<Detector> detectors;
    private final Consumer<String> live;
    private final java.util.function.Predicate<String> stopOn;
    private final List<DiagnosedFinding> findings = new ArrayList<>();
    /** Stateful findings the run no longer showed at a later epoch, as INFO entries saying so. */
    private final List<DiagnosedFinding> withdrawn = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private TrainingSignals signals;
    private TrainingHistory history;
    private long doctorNanos;
    private double trainingSeconds;
    private int samples;

    public TrainingDoctor(DoctorThresholds thresholds, List<Detector> detectors, Consumer<String> live,
                          boolean stopOnProblem) {
        this(thresholds, detectors, live, check -> stopOnProblem);
    }

    /** A doctor that stops training at the first problem whose check {@code stopOn} accepts. */
    public TrainingDoctor(DoctorThresholds thresholds, List<Detector> detectors, Consumer<String> live,
                          java.util.function.Predicate<String> stopOn) {
        this.thresholds = thresholds;
        this.detectors = List.copyOf(detectors);
        this.live = live == null ? s -> { } : live;
        this.stopOn = stopOn;
    }

    /** Every detector with the default thresholds, reporting only. */
    public static TrainingDoctor standard(Consumer<String> live) {
        return new TrainingDoctor(DoctorThresholds.defaults(), Detectors.all(), live, false);
    }

    @Override
    public void onTrainingStart(TrainingStart start) {
        long t0 = System.nanoTime();
        signals = new TrainingSignals(start.network().spec(), start.network().layers(), start.config(),
                start.train().classCounts(), start.batchesPerEpoch(), start.train().size(),
                start.valid() == null ? 0 : start.valid().size());
        findings.clear();
        withdrawn.clear();
        reported.clear();
        samples = 0;
        doctorNanos = 0;
        doctorNanos += System.nanoTime() - t0;
    }

    @Override
    public void onBatchEnd(BatchEvent e) {
        long t0 = System.nanoTime();
        if (signals.batchLosses.isEmpty()) {
            signals.initialLoss = e.loss();
            signals.initialAccuracy = e.accuracy();
        }
        signals.batchLosses.add(e.loss());
        signals.batchEpochs.add(e.epoch());
        if (e.batch() == 0 || e.step() % thresholds.sampleEvery() == 0) {
            signals.gradients.add(SignalSampler.gradients(e));
            signals.activations.add(SignalSampler.activations(e, thresholds));
            samples++;
        }
        if (!Double.isFinite(e.loss()) || e.loss() >= thresholds.lossLimit()) {
            for (Detector d : detectors) {
                if (d.everyBatch()) {
                    examine(d, e.step());
                }
            }
            maybeStop(e.control());
        }
        doctorNanos += System.nanoTime() - t0;
    }

    @Override
    public void onEpochEnd(EpochEvent e) {
        long t0 = System.nanoTime();
        signals.epochs.add(e.stats());
        if (signals.nonFiniteWeightsEpoch == 0 && !SignalSampler.weightsFinite(e.network())) {
            signals.nonFiniteWeightsEpoch = e.stats().epoch();
        }
        int step = signals.batchLosses.size() - 1;
        for (Detector d : detectors) {
            reexamine(d);
            examine(d, step);
        }
        maybeStop(e.control());
        doctorNanos += System.nanoTime() - t0;
    }

    @Override
    public void onTrainingEnd(TrainingHistory h) {
        history = h;
        trainingSeconds = h.seconds;
    }

    private void examine(Detector d, int step) {
        if (reported.contains(d.check())) {
            return;
        }
        Optional<Finding> f = d.examine(signals, thresholds);
        if (f.isPresent()) {
            reported.add(d.check());
            findings.add(new DiagnosedFinding(f.get(), signals.currentEpoch(), step));
            dev.kintsugi.train.TrainingWatchers.finding(signals.currentEpoch(), step, f.get());
            long problems = findings.stream().filter(x -> x.finding().severity() == Severity.PROBLEM).count();
            live.accept("| doctor: " + problems + " problem(s), latest " + f.get().check());
        }
    }

    /** Withdraws {@code d}'s finding when {@code d} is stateful and the run no longer shows it. */
    private void reexamine(Detector d) {
        if (!d.stateful() || !reported.contains(d.check()) || d.examine(signals, thresholds).isPresent()) {
            return;
        }
        for (java.util.Iterator<DiagnosedFinding> it = findings.iterator(); it.hasNext(); ) {
            DiagnosedFinding f = it.next();
            if (f.finding().check().equals(d.check())) {
                it.remove();
                Finding old = f.finding();
                withdrawn.add(new DiagnosedFinding(new Finding(old.check(), "withdrawn: " + old.problem(), Severity.INFO,
                        "seen at epoch " + f.epoch() + ", no longer by epoch " + signals.currentEpoch() + " ("
                                + old.evidence() + ")", "", old.details()), signals.currentEpoch(),
                        signals.batchLosses.size() - 1));
                live.accept("| doctor: withdrew " + old.check());
            }
        }
        reported.remove(d.check());
    }

    private void maybeStop(dev.kintsugi.train.TrainingControl control) {
        findings.stream().filter(f -> f.finding().severity() == Severity.PROBLEM && stopOn.test(f.finding().check()))
                .findFirst().ifPresent(p -> control.stop("doctor: " + p.finding().check()));
    }

    /** The first PROBLEM found, if any. */
    public Optional<DiagnosedFinding> firstProblem() {
        return findings.stream().filter(f -> f.finding().severity() == Severity.PROBLEM).findFirst();
    }

    /** The findings in force: those reported and not withdrawn. */
    public List<DiagnosedFinding> findings() {
        return List.copyOf(findings);
    }

    /** The findings in force, followed by the withdrawn ones as INFO entries: what a report shows. */
    public List<DiagnosedFinding> reportable() {
        List<DiagnosedFinding> all = new ArrayList<>(findings);
        all.addAll(withdrawn);
        return all;
    }

    public TrainingSignals signals() {
        return signals;
    }

    public TrainingHistory history() {
        return history;
    }

    public DoctorThresholds thresholds() {
        return thresholds;
    }

    public int samples() {
        return samples;
    }

    public double doctorSeconds() {
        return doctorNanos / 1e9;
    }

    /** The doctor's time as a share of the rest of the training time. */
    public double overhead() {
        double rest = trainingSeconds - doctorSeconds();
        return rest <= 0 ? Double.NaN : doctorSeconds() / rest;
    }
}
