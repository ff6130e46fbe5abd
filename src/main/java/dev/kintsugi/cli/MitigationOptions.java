package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.failures.DebugTrain;
import dev.kintsugi.failures.HeadRetrainingConfig;
import dev.kintsugi.failures.LambdaSweep;
import dev.kintsugi.failures.Mitigation;
import dev.kintsugi.failures.Mitigations;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How to mitigate: head retraining (the paper's, with its defaults) or a repair approach given the images. */
final class MitigationOptions {
    @Option(names = "--mitigation", defaultValue = Mitigations.HEAD,
            description = "head (retrain the linear head, the paper's) or a repair approach that takes the generated "
                    + "images as repair data: finetune, apricot, ... (see `kintsugi repair --list`). "
                    + "Default: ${DEFAULT-VALUE}.")
    String mitigation;

    @Option(names = {"-n", "--images-per-failure"}, defaultValue = "" + DebugTrain.DEFAULT_IMAGES_PER_FAILURE,
            description = "Generated images per debug-seed failure (default: ${DEFAULT-VALUE}).")
    int imagesPerFailure;

    @Option(names = "--lambda", defaultValue = "0.5", description = "λ, the weight of the generated images' loss "
            + "(default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--head-lr", defaultValue = "0.2", description = "Head retraining: SGD learning rate (default: "
            + "${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--head-momentum", defaultValue = "0.9", description = "Head retraining: momentum (default: "
            + "${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--head-weight-decay", defaultValue = "5e-4",
            description = "Head retraining: weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--head-epochs", defaultValue = "1000",
            description = "Head retraining: full-batch epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-per-class", defaultValue = "1000",
            description = "original_train: training images per class for head retraining; 0 = all (default: "
                    + "${DEFAULT-VALUE}).")
    int trainPerClass;

    @Option(names = "--lambdas", split = ",", paramLabel = "L1,L2,...",
            description = "λ values of the sweep (default: 0,0.1,0.25,0.5,1,2); --lambdas none skips it.")
    List<String> lambdas;

    @Option(names = "--budget", defaultValue = "PT10M",
            description = "Time budget of a repair-approach mitigation, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration budget;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Repair-approach option, repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    HeadRetrainingConfig head() {
        return new HeadRetrainingConfig(learningRate, momentum, weightDecay, lambda, epochs, trainPerClass);
    }

    Mitigation mitigation() {
        if (imagesPerFailure < 1) {
            throw new KintsugiException("--images-per-failure must be at least 1, got " + imagesPerFailure);
        }
        return Mitigations.byName(mitigation, head(), budget, options);
    }

    List<Double> sweep() {
        if (lambdas == null) {
            return LambdaSweep.DEFAULT_LAMBDAS;
        }
        if (lambdas.size() == 1 && lambdas.get(0).equals("none")) {
            return List.of();
        }
        try {
            List<Double> values = lambdas.stream().map(Double::parseDouble).toList();
            if (values.stream().anyMatch(v -> !(v >= 0) || v.isInfinite())) {
                throw new KintsugiException("--lambdas must be finite numbers >= 0, got " + lambdas);
            }
            return values;
        } catch (NumberFormatException e) {
            throw new KintsugiException("--lambdas must be numbers separated by commas, got " + lambdas);
        }
    }
}
