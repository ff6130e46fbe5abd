package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.util.Json;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Save per-sample predictions (label, predicted class, probabilities) as CSV, with provenance.",
        footer = {"", "Example:", "  kintsugi predict --model runs/lenet5 --data fashion-mnist --split test --out preds.csv"})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    CommonOptions common;

    @Mixin
    SplitOption split;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.csv", description = "Where to write the predictions.")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file (never a link or special file).")
    boolean force;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.add(model.model);
        dev.kintsugi.util.OutputPaths.checkFile(out, "--out", force, inputs);
        dev.kintsugi.util.OutputPaths.checkFile(Path.of(out + ".provenance.json"), "--out", force, inputs);
        Dataset dataset = split.of(data.load());
        try (SavedModel saved = model.load(dataset.classNames())) {
            ModelCompatibility.check(saved, dataset);
            Predictions p = Predictor.predict(saved.network(), dataset);
            p.writeCsv(out, dataset.classNames());
            Provenance provenance = Provenance.of("predictions", Invocation.commandLine())
                    .input("model", saved.directory().toString(), saved.checksum())
                    .input("data", dataset.name(), dataset.checksum())
                    .cost(start);
            Json.write(Path.of(out + ".provenance.json"), provenance);
            System.out.printf(Locale.ROOT, "wrote %d predictions to %s (accuracy %.4f)%n", p.size(), out, p.accuracy());
        }
        return 0;
    }
}
