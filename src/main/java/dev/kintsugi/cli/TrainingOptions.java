package dev.kintsugi.cli;

import dev.kintsugi.train.TrainingConfig;
import picocli.CommandLine.Option;

/** Training hyper-parameters, shared by every command that trains. */
final class TrainingOptions {
    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning-rate schedule: constant, step, cosine or plateau (x0.2 after 5 epochs without a "
                    + "better validation loss) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--clip-norm", defaultValue = "0",
            description = "Clip the global gradient norm to this value; 0 = off (default).")
    double clipNorm;

    @Option(names = "--patience", defaultValue = "0",
            description = "Early stopping after this many epochs without a better validation loss; 0 = off.")
    int patience;

    @Option(names = "--class-weights", defaultValue = "none",
            description = "none or balanced (weights inversely proportional to class counts).")
    String classWeights;

    @Option(names = "--sampling", defaultValue = "none",
            description = "Class rebalancing per epoch: none, oversample (repeat minority samples up to the largest "
                    + "class) or undersample (each class cut to the smallest) (default: ${DEFAULT-VALUE}).")
    String sampling;

    @Option(names = "--input-noise", defaultValue = "0", paramLabel = "STD",
            description = "Add Gaussian noise of this standard deviation to every training input; 0 = off (default).")
    double inputNoise;

    @Option(names = "--seed", defaultValue = "0", description = "Training seed: initialisation, shuffling, dropout.")
    long seed;

    TrainingConfig config() {
        return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batchSize).withOptimizer(optimizer)
                .withLearningRate(learningRate).withMomentum(momentum).withWeightDecay(weightDecay)
                .withSchedule(schedule).withClipNorm(clipNorm).withPatience(patience)
                .withClassWeighting(classWeights).withSampling(sampling).withInputNoise(inputNoise).withSeed(seed);
    }
}
