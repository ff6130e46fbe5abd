package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.dashboard.Dashboard;
import dev.kintsugi.diagnose.training.DoctorHtml;
import dev.kintsugi.diagnose.training.DoctorMode;
import dev.kintsugi.diagnose.training.DoctorThresholds;
import dev.kintsugi.diagnose.training.DoctoredRun;
import dev.kintsugi.diagnose.training.DoctoredTraining;
import dev.kintsugi.diagnose.training.repair.TrainingSetup;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.EpochHistory;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.EpochRecorder;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingWatchers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a zoo model on a dataset and save it as a model directory.",
        footer = {"", "Example:", "  kintsugi train --data fashion-mnist --arch lenet5 --epochs 5 --out runs/lenet5",
                "  kintsugi train --data german-credit --arch mlp --opt hidden=64,32 --opt dropout=0.2 --out runs/credit",
                "  kintsugi train --data german-credit --arch mlp --lr 10 --doctor fix --out runs/credit-fixed",
                "  kintsugi train --data fashion-mnist --init mine.onnx --epochs 2 --out runs/mine-ft   (fine-tune; "
                        + "writes runs/mine-ft/model.onnx)"})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Option(names = "--arch", paramLabel = "NAME", defaultValue = "lenet5",
            description = "Zoo architecture (see `kintsugi models`; default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--opt", paramLabel = "KEY=VALUE", description = "Architecture option, repeatable, e.g. "
            + "--opt hidden=256,128 --opt activation=tanh.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--init", paramLabel = "DIR|FILE.onnx|FILE.pt", description = "Fine-tune: start from this "
            + "model (a Kintsugi model directory, an ONNX file or a TorchScript file, never modified) instead of a "
            + "fresh --arch network. Trains without the doctor.")
    Path init;

    @Mixin
    ExternalModelOptions external;

    @Mixin
    ExportOptions export;

    @Option(names = "--no-normalize", description = "Do not normalise image inputs inside the network.")
    boolean noNormalize;

    @Mixin
    TrainingOptions training;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Model directory to create.")
    Path out;

    @Option(names = "--force", description = "Replace an existing model directory.")
    boolean force;

    @Option(names = "--doctor", paramLabel = "MODE", defaultValue = "warn",
            description = "Training doctor: off, warn (report problems live and in DIR/doctor.html and doctor.json) "
                    + "or fix (also roll back and try AUTOTRAINER's fixes). Default: ${DEFAULT-VALUE}.")
    String doctor;

    @Option(names = "--doctor-every", paramLabel = "K", defaultValue = "200",
            description = "The doctor samples gradients and activations every K batches, plus each epoch's first "
                    + "(default: ${DEFAULT-VALUE}).")
    int doctorEvery;

    @Option(names = "--keep-history", description = "Also keep the parameters of the epoch before the last one "
            + "in the model directory (previous-epoch.bin, history.json): the training history NeuRecover (repair "
            + "--approach nr) needs. Not with --doctor fix, whose roll-backs leave no plain epoch sequence.")
    boolean keepHistory;

    @Mixin
    DashboardOption dashboard;

    /** Records the last two epochs while --keep-history trains; null otherwise. */
    private EpochRecorder recorder;

    @Override
    public Integer call() {
        DoctorMode mode = DoctorMode.parse(doctor);
        // before any training: a run must not find out at the end that it may not write
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        if (init != null) {
            inputs.add(init);
        }
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", force, inputs);
        if (doctorEvery < 1) {
            throw new dev.kintsugi.KintsugiException("--doctor-every must be at least 1, got " + doctorEvery);
        }
        if (keepHistory && mode == DoctorMode.FIX) {
            throw new dev.kintsugi.KintsugiException("--keep-history cannot be used with --doctor fix: its roll-backs "
                    + "and retries leave no plain sequence of epochs to keep (use --doctor warn or off)");
        }
        // an unknown architecture or --opt key is found before the data is read
        ModelZoo.resolveOptions(architecture, options);
        Splits splits = data.load();
        TrainingConfig config = training.config();
        ArchitectureSpec spec = ModelZoo.specFor(architecture, options, splits.train(), !noNormalize);
        System.err.println("data: " + splits.describe());
        recorder = keepHistory ? new EpochRecorder() : null;
        try (Dashboard live = dashboard.start("train", "kintsugi train " + architecture + " on " + data.data)) {
            if (live != null) {
                live.watchTraining();
            }
            try (AutoCloseable recording = recorder != null ? TrainingWatchers.attach(recorder) : null) {
                java.nio.file.Path report = init != null ? fineTune(splits, config)
                        : mode != DoctorMode.OFF ? trainWithDoctor(splits, spec, config, mode)
                        : trainPlain(splits, spec, config);
                DashboardOption.end(live, report);
            } catch (RuntimeException e) {
                if (live != null) {
                    live.fail(e.getMessage());
                }
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("detaching the history recorder failed", e);
            }
        }
        return 0;
    }

    /** With --keep-history, writes the epoch before the saved one beside the saved model. */
    private void keepHistory(Network saved) {
        if (recorder != null) {
            EpochHistory history = recorder.historyOf(saved);
            history.write(out);
            System.err.printf(java.util.Locale.ROOT, "kept the training history: epoch %d beside epoch %d%n",
                    history.previousEpoch(), history.lastEpoch());
        }
    }

    /** Trains without the doctor; returns the report to link (none: a plain run writes no HTML). */
    private java.nio.file.Path trainPlain(Splits splits, ArchitectureSpec spec, TrainingConfig config) {
        try (Network network = Network.create(spec, config.seed())) {
            ModelTraining.Result result = ModelTraining.trainAndSave(network, splits, config, data.data,
                    data.splitSeed, Invocation.commandLine(), out, force, System.err);
            keepHistory(network);
            System.out.printf(java.util.Locale.ROOT, "saved %s  (valid accuracy %.4f, %.1fs)%n", out,
                    result.history().last().validAccuracy(), result.history().seconds);
        }
        return null;
    }

    /** Fine-tunes an outside or saved model; returns the report to link (none). */
    private java.nio.file.Path fineTune(Splits splits, TrainingConfig config) {
        try (dev.kintsugi.model.SavedModel start = external.load(init, splits.train().classNames())) {
            ModelCompatibility.check(start, splits.train());
            export.check(init, start);
            ModelTraining.Result result = ModelTraining.trainAndSave(start.network(), splits, config, data.data,
                    data.splitSeed, Invocation.commandLine(), out, force, System.err);
            keepHistory(start.network());
            dev.kintsugi.model.ModelStore.writeExtra(out, "init.json", Map.of("file",
                    init.toAbsolutePath().normalize().toString(), "sha256", start.checksum()));
            System.out.printf(java.util.Locale.ROOT, "saved %s  (fine-tuned from %s; valid accuracy %.4f, %.1fs)%n", out,
                    init, result.history().last().validAccuracy(), result.history().seconds);
            Path exported = export.export(init, start.checksum(), out, out, "model");
            if (exported != null) {
                System.out.println("export: " + exported);
            }
        }
        return null;
    }

    private java.nio.file.Path trainWithDoctor(Splits splits, ArchitectureSpec spec, TrainingConfig config,
                                               DoctorMode mode) {
        long start = System.nanoTime();
        DoctorThresholds thresholds = DoctorThresholds.defaults().withSampleEvery(doctorEvery);
        try (DoctoredRun run = DoctoredTraining.run(new TrainingSetup(spec, config), splits.train(), splits.valid(),
                mode, thresholds, System.err)) {
            ModelTraining.Result result = ModelTraining.save(run.network(), splits, run.config(), data.data,
                    data.splitSeed, Invocation.commandLine(), run.history(), start, out, force,
                    Map.of(DoctorHtml.JSON, run.report()));
            keepHistory(run.network());
            DoctorHtml.write(out.resolve(DoctorHtml.FILE), "kintsugi train " + architecture, run);
            System.out.printf(java.util.Locale.ROOT, "saved %s  (valid accuracy %.4f, %.1fs)%n", out,
                    result.history().last().validAccuracy(), result.history().seconds);
            System.out.printf(java.util.Locale.ROOT, "doctor (%s): %d finding(s), %d fix(es) kept, overhead %.2f%%; "
                            + "see %s%n", mode.label(), run.report().findings().size(), run.report().appliedFixes().size(),
                    100 * run.report().overhead(), out.resolve(DoctorHtml.FILE));
        }
        return out.resolve(DoctorHtml.FILE);
    }
}
