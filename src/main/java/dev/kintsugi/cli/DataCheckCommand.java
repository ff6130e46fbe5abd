package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import dev.kintsugi.diagnose.data.ConfidentLearning;
import dev.kintsugi.diagnose.data.DataCheckJob;
import dev.kintsugi.diagnose.data.DataChecks;
import dev.kintsugi.diagnose.data.DriftSettings;
import dev.kintsugi.diagnose.data.DuplicateSettings;
import dev.kintsugi.diagnose.data.OutOfSampleProbabilities;
import dev.kintsugi.diagnose.data.ProbeModel;
import dev.kintsugi.model.ModelStore;
import dev.kintsugi.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the data doctor: label noise (confident learning), class imbalance, too little data "
                + "(learning curve) and more; write JSON and an HTML report, and optionally a corrected copy.",
        footer = {"", "Examples:", "  kintsugi data check --data fashion-mnist --out runs/data-check",
                "  kintsugi data check --data fashion-mnist --checks label-noise,imbalance --max-samples 10000 "
                        + "--fix relabel --out runs/relabelled",
                "  kintsugi train --data runs/relabelled/corrected-data --out runs/lenet5-clean"})
final class DataCheckCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--against", paramLabel = "DATA", description = "A second dataset to compare with (drift); "
            + "all of its samples are used.")
    String against;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = "A Kintsugi model directory or an ONNX file: the reference "
            + "for per-class recall (else the label check's cross-validated predictions).")
    Path model;

    @Option(names = "--checks", split = ",", paramLabel = "NAMES", description = "Checks to run (default: all of them).")
    List<String> checks = List.of();

    @Option(names = "--fix", paramLabel = "FIX", description = "Write a corrected copy into OUT/corrected-data: remove "
            + "or relabel the flagged labels, or dedupe (drop duplicates and training samples that leak into "
            + "valid/repair/test).")
    String fix;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path out;

    @Option(names = "--force", description = "Replace an existing output folder.")
    boolean force;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds for label noise "
            + "(default: ${DEFAULT-VALUE}; k trainings of the probe model; as many as samples = leave-one-out).")
    int folds;

    @Option(names = "--max-samples", defaultValue = "0", description = "Check labels on a stratified subset of at "
            + "most this many training samples; 0 = all (default).")
    int maxSamples;

    @Option(names = "--probe-model", paramLabel = "ARCH", description = "Zoo architecture trained by the checks "
            + "(default: lenet5 for images, mlp otherwise).")
    String probeModel;

    @Option(names = "--probe-epochs", defaultValue = "2", description = "Epochs per probe training (default: "
            + "${DEFAULT-VALUE}).")
    int probeEpochs;

    @Option(names = "--probe-schedule", defaultValue = "constant", paramLabel = "SCHEDULE", description = "Learning-rate "
            + "schedule of the probe: constant, step, cosine or plateau (default: ${DEFAULT-VALUE}).")
    String probeSchedule;

    @Option(names = "--probe-seeds", defaultValue = "1", paramLabel = "N", description = "Probes trained per fold with "
            + "different seeds, their probabilities averaged (default: ${DEFAULT-VALUE}; N times the label check's cost).")
    int probeSeeds;

    @Option(names = "--filter", defaultValue = "prune-by-noise-rate", description = "Which samples confident learning "
            + "flags (cleanlab's filter_by): prune-by-noise-rate (cleanlab's default), prune-by-class, both (flagged by "
            + "both; fewer flags, higher precision), confident-learning or predicted-neq-given (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--curve-seeds", defaultValue = "3", description = "Learning-curve seeds per training-set fraction "
            + "(default: ${DEFAULT-VALUE}).")
    int curveSeeds;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Drift alarm level for (corrected) p-values "
            + "(default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--drift-method", defaultValue = "auto", paramLabel = "METHOD", description = "Image drift test: "
            + "auto (MMD on the model's embeddings with --model, else a domain classifier), mmd or domain-classifier.")
    String driftMethod;

    @Option(names = "--duplicate-distance", defaultValue = "0.04", paramLabel = "D", description = "Largest "
            + "shift-tolerant pixel RMS of near-duplicate images (default: ${DEFAULT-VALUE}).")
    double duplicateDistance;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of folds, subsets and probe training.")
    long seed;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (probeEpochs < 1) {
            throw new KintsugiException("--probe-epochs must be at least 1, got " + probeEpochs);
        }
        DataCheckJob.checkNames(checks, fix);
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.addAll(dev.kintsugi.util.OutputPaths.existing(against, model == null ? null : model.toString()));
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", force, inputs);
        if (curveSeeds < 1) {
            throw new KintsugiException("--curve-seeds must be at least 1, got " + curveSeeds);
        }
        ProbeModel probe = ProbeModel.defaults().withEpochs(probeEpochs).withArchitecture(probeModel)
                .withSchedule(probeSchedule);
        DataChecks.Settings settings = new DataChecks.Settings(new OutOfSampleProbabilities(folds, maxSamples, probe,
                probeSeeds), probe, curveSeeds)
                .withLabelFilter(ConfidentLearning.Filter.named(filter))
                .withDuplicates(DuplicateSettings.defaults().withMaxPixelDistance(duplicateDistance))
                .withDrift(DriftSettings.defaults().withAlpha(alpha).withImageMethod(driftMethod));
        Splits splits = data.load();
        Dataset other = against == null ? null : everything(DatasetResolver.resolve(against, data.splitSeed));
        SavedModel saved = model == null ? null : ModelStore.load(model);
        try {
            if (saved != null) {
                ModelCompatibility.check(saved, splits.train());
            }
            DataCheckJob.run(new DataCheckJob.Request(splits, data.data, other, saved == null ? null : saved.network(),
                    model == null ? null : model.toString(), saved == null ? null : saved.checksum(), checks, settings,
                    fix, seed, out, force), Invocation.commandLine(), System.err);
        } finally {
            if (saved != null) {
                saved.close();
            }
        }
        System.out.println("wrote " + out);
        return 0;
    }

    private static Dataset everything(Splits s) {
        return Dataset.concat(s.train().name().replaceFirst("/train$", "") + "/all",
                List.of(s.train(), s.valid(), s.repair(), s.test()));
    }
}
