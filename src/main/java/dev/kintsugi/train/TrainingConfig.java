package dev.kintsugi.train;

import dev.kintsugi.KintsugiException;

import java.util.Locale;

/**
 * How to train: optimiser, learning rate and schedule, batch size, epochs, regularisation, clipping,
 * early stopping, class weights and seed. Immutable; {@link #builder()} starts from the defaults
 * (Adam, lr 1e-3, batch 128, 5 epochs) and the {@code with*} methods return changed copies, which is how
 * the training doctor applies a fix.
 *
 * @param optimizer        {@code adam} or {@code sgd}
 * @param learningRate     base learning rate
 * @param momentum         SGD momentum (ignored by Adam)
 * @param weightDecay      L2 penalty added to gradients by the optimiser
 * @param schedule         {@code constant}, {@code step} (x{@code stepFactor} every {@code stepEpochs}),
 *                         {@code cosine} (to 0 over the run) or {@code plateau} (reduce on plateau, see
 *                         {@link PlateauTracker})
 * @param stepEpochs       epochs between step-schedule decays
 * @param stepFactor       step-schedule decay factor
 * @param batchSize        samples per update
 * @param epochs           passes over the training split
 * @param clipNorm         clip the global gradient L2 norm to this value; 0 = off
 * @param patience         early stopping: stop after this many epochs without a better validation loss
 *                         and restore the best parameters; 0 = off
 * @param classWeighting   {@code none} or {@code balanced} (weights inversely proportional to class counts)
 * @param sampling         what each epoch draws from the training split: {@code none} (every sample once),
 *                         {@code oversample} or {@code undersample} (see {@link ClassSampling})
 * @param inputNoise       standard deviation of Gaussian noise added to every training input (AUTOTRAINER's input
 *                         noise fix for oscillating loss uses 0.1); 0 = off
 * @param seed             fixes initialisation, shuffling, dropout and input noise
 */
public record TrainingConfig(String optimizer, double learningRate, double momentum, double weightDecay,
                             String schedule, int stepEpochs, double stepFactor, int batchSize, int epochs,
                             double clipNorm, int patience, String classWeighting, String sampling, double inputNoise,
                             long seed) {

    /** The learning-rate schedules {@code --schedule} accepts. */
    public static final java.util.List<String> SCHEDULES = java.util.List.of("constant", "step", "cosine", "plateau");

    public TrainingConfig {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        classWeighting = classWeighting.toLowerCase(Locale.ROOT);
        sampling = sampling.toLowerCase(Locale.ROOT);
        require(optimizer.equals("adam") || optimizer.equals("sgd"), "--optimizer must be adam or sgd, got " + optimizer);
        require(SCHEDULES.contains(schedule), "--schedule must be one of " + String.join(", ", SCHEDULES) + ", got "
                + schedule);
        require(classWeighting.equals("none") || classWeighting.equals("balanced"),
                "--class-weights must be none or balanced, got " + classWeighting);
        require(ClassSampling.MODES.contains(sampling), "--sampling must be one of " + String.join(", ",
                ClassSampling.MODES) + ", got " + sampling);
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be a positive number, got " + learningRate);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(weightDecay >= 0, "--weight-decay must not be negative");
        require(clipNorm >= 0, "--clip-norm must not be negative");
        require(patience >= 0, "--patience must not be negative");
        require(stepEpochs >= 1, "--step-epochs must be at least 1");
        require(inputNoise >= 0 && Double.isFinite(inputNoise), "--input-noise must not be negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new KintsugiException(message);
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig("adam", 1e-3, 0.9, 0, "constant", 10, 0.1, 128, 5, 0, 0, "none", "none", 0, 0);
    }

    public TrainingConfig withOptimizer(String v) {
        return new TrainingConfig(v, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(optimizer, v, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(optimizer, learningRate, v, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withWeightDecay(double v) {
        return new TrainingConfig(optimizer, learningRate, momentum, v, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withSchedule(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, v, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                v, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, v, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withClipNorm(double v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, v, patience, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withPatience(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, v, classWeighting, sampling, inputNoise, seed);
    }

    public TrainingConfig withClassWeighting(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, v, sampling, inputNoise, seed);
    }

    public TrainingConfig withSampling(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, v, inputNoise, seed);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, v);
    }

    public TrainingConfig withInputNoise(double v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, v, seed);
    }

    public TrainingConfig withStep(int everyEpochs, double factor) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, everyEpochs, factor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, inputNoise, seed);
    }
}
