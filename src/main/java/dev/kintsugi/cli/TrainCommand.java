package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingConfig;
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
                "  kintsugi train --data german-credit --arch mlp --opt hidden=64,32 --opt dropout=0.2 --out runs/credit"})
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

    @Option(names = "--no-normalize", description = "Do not normalise image inputs inside the network.")
    boolean noNormalize;

    @Mixin
    TrainingOptions training;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Model directory to create.")
    Path out;

    @Option(names = "--force", description = "Replace an existing model directory.")
    boolean force;

    @Override
    public Integer call() {
        Splits splits = data.load();
        TrainingConfig config = training.config();
        ArchitectureSpec spec = ModelZoo.specFor(architecture, options, splits.train(), !noNormalize);
        System.err.println("data: " + splits.describe());
        try (Network network = Network.create(spec, config.seed())) {
            ModelTraining.Result result = ModelTraining.trainAndSave(network, splits, config, data.data,
                    data.splitSeed, Invocation.commandLine(), out, force, System.err);
            System.out.printf(java.util.Locale.ROOT, "saved %s  (valid accuracy %.4f, %.1fs)%n", out,
                    result.history().last().validAccuracy(), result.history().seconds);
        }
        return 0;
    }
}
