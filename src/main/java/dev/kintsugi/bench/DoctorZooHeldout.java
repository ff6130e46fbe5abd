package dev.kintsugi.bench;

import dev.kintsugi.bench.DoctorZoo.Entry;
import dev.kintsugi.train.TrainingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The held-out fault zoo (issue 16 §4): configurations written before any of their results was seen, and never used
 * to change the doctor. Every entry differs from the development zoo ({@link DoctorZoo#entries()}) in seed (11 and
 * up; the development zoo uses 1–6) and in at least one of architecture, options, optimiser, learning rate,
 * momentum, schedule, fault strength or dataset variant. Labels (the planted problem and the checks that count as
 * detecting it) are fixed here and are not to be changed after a result is seen: a planted fault that does not show,
 * or a "healthy" run that really is unhealthy, is reported as measured.
 *
 * <p>Both datasets are used. Fashion-MNIST runs default to 6 epochs, batch 64, Adam 1e-3 (as in the development
 * zoo's base); German Credit runs to 8 epochs, batch 32, Adam 5e-3. SGD entries set their momentum explicitly
 * (the trainer's default is 0.9).
 */
final class DoctorZooHeldout {
    private DoctorZooHeldout() {
    }

    static final Set<String> VANISHING = Set.of("vanishing-gradient");
    static final Set<String> NAN = Set.of("nan-loss", "exploding-gradient", "learning-rate-too-high");
    static final Set<String> DYING = Set.of("dying-relu");
    static final Set<String> SLOW = Set.of("slow-convergence", "learning-rate-too-low", "not-converging");
    static final Set<String> INPUT = Set.of("abnormal-input-range");
    static final Set<String> OVERFIT = Set.of("overfitting");
    static final Set<String> MISMATCH = Set.of("output-loss-mismatch");
    static final Set<String> IMBALANCE = Set.of("class-imbalance");
    static final Set<String> SATURATED = Set.of("saturated-activation", "vanishing-gradient");
    static final Set<String> NOT_CONVERGING = Set.of("not-converging", "slow-convergence");
    static final Set<String> LR_HIGH = Set.of("learning-rate-too-high", "oscillating-loss", "nan-loss");
    /** Oscillation planted by a step too large: naming the learning rate as too high is the same diagnosis. */
    static final Set<String> OSCILLATING = Set.of("oscillating-loss", "learning-rate-too-high");
    static final Set<String> DROPOUT = Set.of("dropout-too-high");
    static final Set<String> EXPLODING = Set.of("exploding-gradient", "nan-loss", "learning-rate-too-high");
    static final Set<String> PREMATURE = Set.of("premature-convergence");
    /** Activations collapsed by a tiny initialisation through many layers; vanishing gradients are its direct effect. */
    static final Set<String> VARIANCE = Set.of("activation-variance", "vanishing-gradient");

    static TrainingConfig fm(long seed) {
        return TrainingConfig.defaults().withEpochs(6).withBatchSize(64).withSeed(seed);
    }

    static TrainingConfig gc(long seed) {
        return TrainingConfig.defaults().withEpochs(8).withBatchSize(32).withLearningRate(0.005).withSeed(seed);
    }

    static TrainingConfig sgd(TrainingConfig c, double lr, double momentum) {
        return c.withOptimizer("sgd").withLearningRate(lr).withMomentum(momentum);
    }

    static List<Entry> entries() {
        List<Entry> z = new ArrayList<>();
        // vanishing gradients: deeper, narrower sigmoid MLPs than the development zoo's 8 x 64, other SGD settings
        add(z, "vanishing", VANISHING, "fm", "mlp", Map.of("hidden", "32,32,32,32,32,32,32,32,32,32",
                "activation", "sigmoid"), sgd(fm(11), 0.02, 0.5), 11);
        add(z, "vanishing", VANISHING, "gc", "mlp", Map.of("hidden", "48,48,48,48,48,48,48,48,48",
                "activation", "sigmoid"), sgd(gc(12), 0.03, 0), 12);
        // NaN loss: Adam at 5 on a convnet; SGD at 50 with momentum on German Credit
        add(z, "nan-loss", NAN, "fm", "lenet5", Map.of(), fm(11).withLearningRate(5).withEpochs(4), 11);
        add(z, "nan-loss", NAN, "gc", "mlp", Map.of("hidden", "64"), sgd(gc(12), 50, 0.9), 12);
        // dying ReLU: weaker and stronger negative bias than the development zoo's -5, other widths
        add(z, "dying-relu", DYING, "fm", "mlp", Map.of("hidden", "256", "bias-init", "-3"), fm(11), 11);
        add(z, "dying-relu", DYING, "gc", "mlp", Map.of("hidden", "64,32", "bias-init", "-7"), gc(12), 12);
        // learning rate far too low, Adam (the development zoo uses 1e-6)
        add(z, "slow-convergence", SLOW, "fm", "mlp", Map.of("hidden", "100"), fm(13).withLearningRate(3e-6), 13);
        add(z, "slow-convergence", SLOW, "gc", "mlp", Map.of("hidden", "32"), gc(14).withLearningRate(2e-6), 14);
        // learning rate too low with SGD on images (issue 16: missed)
        add(z, "lr-too-low-sgd", SLOW, "fm", "mlp", Map.of("hidden", "128,64"), sgd(fm(11), 1e-4, 0), 11);
        add(z, "lr-too-low-sgd", SLOW, "fm", "lenet5", Map.of(), sgd(fm(12), 5e-4, 0), 12);
        add(z, "lr-too-low-sgd", SLOW, "fm", "cnn", Map.of("channels", "8,16", "hidden", "64"),
                sgd(fm(13), 2e-4, 0).withEpochs(4), 13);
        // moderately slow convergence: rates a few times too low, gains per epoch above AUTOTRAINER's 0.01
        add(z, "slow-moderate", SLOW, "fm", "mlp", Map.of("hidden", "64"), fm(15).withLearningRate(2e-5), 15);
        add(z, "slow-moderate", SLOW, "fm", "lenet5", Map.of(), sgd(fm(16), 2e-3, 0), 16);
        add(z, "slow-moderate", SLOW, "gc", "mlp", Map.of("hidden", "16"), gc(16).withLearningRate(5e-5), 16);
        // unnormalised inputs on other architectures
        add(z, "input-range", INPUT, "fm-255", "cnn", Map.of("channels", "8,16", "hidden", "64"),
                fm(11).withEpochs(4), 11);
        add(z, "input-range", INPUT, "fm-255", "lenet5", Map.of(), fm(13).withEpochs(4), 13);
        add(z, "input-range", INPUT, "gc-raw", "mlp", Map.of("hidden", "64"), gc(12), 12);
        // overfitting: other tiny-set sizes and models
        add(z, "overfitting", OVERFIT, "fm-tiny300", "mlp", Map.of("hidden", "1024"),
                fm(11).withEpochs(20).withBatchSize(8), 11);
        add(z, "overfitting", OVERFIT, "gc-tiny80", "mlp", Map.of("hidden", "256,256"),
                gc(12).withEpochs(25).withBatchSize(8), 12);
        add(z, "overfitting", OVERFIT, "fm-tiny300", "cnn", Map.of("channels", "16,32", "hidden", "256"),
                fm(13).withEpochs(15).withBatchSize(8), 13);
        // output head before softmax cross-entropy, on other models
        add(z, "output-mismatch", MISMATCH, "fm", "lenet5", Map.of("output", "softmax"), fm(11).withEpochs(4), 11);
        add(z, "output-mismatch", MISMATCH, "gc", "mlp", Map.of("hidden", "32", "output", "softmax"), gc(12), 12);
        add(z, "output-mismatch", MISMATCH, "fm", "cnn", Map.of("channels", "8,16", "hidden", "64",
                "output", "sigmoid"), fm(13).withEpochs(4), 13);
        // class imbalance: other rare classes and strengths
        add(z, "class-imbalance", IMBALANCE, "fm-rare6", "mlp", Map.of("hidden", "256"), fm(11), 11);
        add(z, "class-imbalance", IMBALANCE, "fm-rare9", "lenet5", Map.of(), fm(13).withEpochs(4), 13);
        add(z, "class-imbalance", IMBALANCE, "gc-rare20", "mlp", Map.of("hidden", "32"), gc(12), 12);
        // saturated units: tanh on German Credit, sigmoid with a larger bias on Fashion-MNIST
        add(z, "saturated", SATURATED, "gc", "mlp", Map.of("hidden", "32", "activation", "tanh", "bias-init", "6"),
                gc(11), 11);
        add(z, "saturated", SATURATED, "fm", "mlp", Map.of("hidden", "64,64", "activation", "sigmoid",
                "bias-init", "10"), fm(12), 12);
        // not converging: all-zero init on a convnet and with SGD
        add(z, "not-converging", NOT_CONVERGING, "fm", "lenet5", Map.of("init", "zeros"), fm(11).withEpochs(4), 11);
        add(z, "not-converging", NOT_CONVERGING, "gc", "mlp", Map.of("hidden", "32,32", "init", "zeros"),
                sgd(gc(12), 0.05, 0.9), 12);
        // learning rate too high: SGD without and with momentum, and Adam
        add(z, "lr-too-high", LR_HIGH, "fm", "mlp", Map.of("hidden", "128"), sgd(fm(11), 5, 0), 11);
        add(z, "lr-too-high", LR_HIGH, "gc", "mlp", Map.of("hidden", "32"), sgd(gc(12), 8, 0.5), 12);
        add(z, "lr-too-high", LR_HIGH, "fm", "mlp", Map.of("hidden", "128,64"), fm(13).withLearningRate(0.5), 13);
        // oscillation: Adam at high rates, and high-rate SGD with heavy momentum (issue 16: missed)
        add(z, "oscillating", OSCILLATING, "fm", "mlp", Map.of("hidden", "128,64", "activation", "tanh"),
                fm(11).withLearningRate(0.02).withEpochs(12), 11);
        add(z, "oscillating", OSCILLATING, "fm", "mlp", Map.of("hidden", "256"),
                fm(12).withLearningRate(0.05).withEpochs(12), 12);
        add(z, "oscillating", OSCILLATING, "fm", "mlp", Map.of("hidden", "128"), sgd(fm(13), 0.2, 0.95).withEpochs(12),
                13);
        add(z, "oscillating", OSCILLATING, "gc", "mlp", Map.of("hidden", "32"), sgd(gc(14), 0.5, 0.9).withEpochs(12),
                14);
        // dropout too high (issue 16: only a warning, never lowered by fix mode)
        add(z, "dropout-too-high", DROPOUT, "fm", "mlp", Map.of("hidden", "256,128", "dropout", "0.8"), fm(11), 11);
        add(z, "dropout-too-high", DROPOUT, "gc", "mlp", Map.of("hidden", "32", "dropout", "0.85"), gc(12), 12);
        add(z, "dropout-too-high", DROPOUT, "fm", "cnn", Map.of("channels", "8,16", "hidden", "64", "dropout", "0.75"),
                fm(13).withEpochs(4), 13);
        // exploding gradients: deep ReLU MLPs with He init and a large SGD step with momentum
        add(z, "exploding", EXPLODING, "gc", "mlp", Map.of("hidden", "64,64,64,64,64,64", "init", "he"),
                sgd(gc(13), 0.5, 0.9), 13);
        add(z, "exploding", EXPLODING, "fm", "mlp", Map.of("hidden", "128,128,128,128,128,128", "init", "he"),
                sgd(fm(14), 0.3, 0.9), 14);
        // premature convergence: the step schedule cuts the rate 20x every epoch, so training stalls after one
        add(z, "premature", PREMATURE, "fm", "mlp", Map.of("hidden", "128"),
                fm(11).withSchedule("step").withStep(1, 0.05).withEpochs(8), 11);
        add(z, "premature", PREMATURE, "gc", "mlp", Map.of("hidden", "32"),
                gc(12).withSchedule("step").withStep(1, 0.05).withEpochs(10), 12);
        // collapsed activations: N(0, 0.01) init through six ReLU layers
        add(z, "activation-variance", VARIANCE, "gc", "mlp", Map.of("hidden", "64,64,64,64,64,64", "init", "normal"),
                gc(13), 13);

        // healthy runs: ordinary settings a practitioner would use, both datasets, German Credit also at 10-15 epochs
        add(z, "healthy", Set.of(), "fm", "mlp", Map.of("hidden", "200,100"), fm(11), 11);
        add(z, "healthy", Set.of(), "fm", "mlp", Map.of("hidden", "64"), sgd(fm(12), 0.05, 0.9), 12);
        add(z, "healthy", Set.of(), "fm", "lenet5", Map.of(), fm(13).withEpochs(4), 13);
        add(z, "healthy", Set.of(), "fm", "cnn", Map.of("channels", "16,32", "hidden", "64"), fm(14).withEpochs(3), 14);
        add(z, "healthy", Set.of(), "fm", "mlp", Map.of("hidden", "128", "activation", "tanh"),
                fm(15).withLearningRate(5e-4), 15);
        add(z, "healthy", Set.of(), "fm", "mlp", Map.of("hidden", "256,128", "dropout", "0.3"), fm(16), 16);
        add(z, "healthy", Set.of(), "fm", "mlp", Map.of("hidden", "128,64", "batchnorm", "true"),
                sgd(fm(17), 0.1, 0.9), 17);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "16"), gc(11).withLearningRate(3e-3).withEpochs(12),
                11);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "32,16"), gc(12).withLearningRate(2e-3).withEpochs(15),
                12);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "8"), sgd(gc(13), 0.05, 0.9).withEpochs(10), 13);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "24", "activation", "tanh"),
                gc(14).withLearningRate(2e-3).withEpochs(10), 14);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "32", "dropout", "0.3"), gc(15).withEpochs(12), 15);
        add(z, "healthy", Set.of(), "gc", "mlp", Map.of("hidden", "16"),
                gc(16).withLearningRate(3e-3).withSchedule("cosine").withEpochs(15), 16);
        return z;
    }

    private static void add(List<Entry> zoo, String problem, Set<String> accepted, String data, String arch,
                            Map<String, String> options, TrainingConfig config, long seed) {
        String name = String.format(Locale.ROOT, "%s-%s-%s-s%d", problem, data, arch, seed);
        zoo.add(new Entry(name, problem, accepted, data, arch, options, config));
    }
}
