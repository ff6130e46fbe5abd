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
 * @param schedule         {@code constant}, {@code step} (x{@code stepFactor} every {@code stepEpochs}) or
 *                         {@code cosine} (to 0 over the run)
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
 * @param seed             fixes initialisation, shuffling and dropout
 */
public record TrainingConfig(String optimizer, double learningRate, double momentum, double weightDecay,
                             String schedule, int stepEpochs, double stepFactor, int batchSize, int epochs,
                             double clipNorm, int patience, String classWeighting, String sampling, long seed) {

    public TrainingConfig {
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        classWeighting = classWeighting.toLowerCase(Locale.ROOT);
        sampling = sampling.toLowerCase(Locale.ROOT);
        require(optimizer.equals("adam") || optimizer.equals("sgd"), "--optimizer must be adam or sgd, got " + optimizer);
        require(schedule.equals("constant") || schedule.equals("step") || schedule.equals("cosine"),
                "--schedule must be constant, step or cosine, got " + schedule);
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
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new KintsugiException(message);
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig("adam", 1e-3, 0.9, 0, "constant", 10, 0.1, 128, 5, 0, 0, "none", "none", 0);
    }

    public TrainingConfig withOptimizer(String v) {
        return new TrainingConfig(v, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(optimizer, v, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(optimizer, learningRate, v, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withWeightDecay(double v) {
        return new TrainingConfig(optimizer, learningRate, momentum, v, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withSchedule(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, v, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                v, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, v, clipNorm, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withClipNorm(double v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, v, patience, classWeighting, sampling, seed);
    }

    public TrainingConfig withPatience(int v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, v, classWeighting, sampling, seed);
    }

    public TrainingConfig withClassWeighting(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, v, sampling, seed);
    }

    public TrainingConfig withSampling(String v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, v, seed);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, stepEpochs, stepFactor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, v);
    }

    public TrainingConfig withStep(int everyEpochs, double factor) {
        return new TrainingConfig(optimizer, learningRate, momentum, weightDecay, schedule, everyEpochs, factor,
                batchSize, epochs, clipNorm, patience, classWeighting, sampling, seed);
    }
}
