package dev.kintsugi.train;

import dev.kintsugi.model.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Batches;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Losses;
import dev.kintsugi.model.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop: mini-batch gradient descent on softmax cross-entropy with DJL's optimisers.
 *
 * <p>Written out rather than using DJL's {@code EasyTrain} so that listeners see gradients before each
 * step, gradient-norm clipping and class weights are exact, every batch runs in its own sub-manager
 * (bounded native memory), and the shuffle is ours and seeded (determinism).
 */
public final class Trainer {
    /** Mixed into the seed of the input-noise generator so it differs from the augmentation's and shuffling's. */
    private static final long INPUT_NOISE_STREAM = 0x9E3779B97F4A7C15L;

    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Long shuffleSeed;
    private Augmentation augmentation;
    private StepPhases phases;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Seeds the data order separately from {@link TrainingConfig#seed()} (which then still seeds dropout), so
     * a stability study can vary one source of randomness at a time. Unset, the config's seed is used, as
     * before.
     */
    public Trainer shuffleSeed(long seed) {
        this.shuffleSeed = seed;
        return this;
    }

    /** Augments every training batch before the forward pass; null (the default) trains on the data as is. */
    public Trainer augmentation(Augmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /** Times each phase of every step into {@code phases} (a profiling aid; null, the default, times nothing). */
    public Trainer phases(StepPhases phases) {
        this.phases = phases;
        return this;
    }

    /**
     * Trains {@code network} in place on {@code train}; {@code valid} (may be null) gives per-epoch
     * validation and early stopping.
     */
    public TrainingHistory fit(Network network, Dataset train, Dataset valid) {
        // this run's listeners, then any live views attached for the command (the dashboard)
        List<TrainingListener> listeners = new ArrayList<>(this.listeners);
        listeners.addAll(TrainingWatchers.current());
        if (train.size() == 0) {
            throw new KintsugiException("the training split " + train.name() + " is empty");
        }
        if (train.numClasses() != network.numClasses()) {
            throw new KintsugiException(train.name() + " has " + train.numClasses() + " classes but the model has "
                    + network.numClasses());
        }
        long start = System.nanoTime();
        Engines.seed(config.seed());
        ClassSampling sampling = new ClassSampling(config.sampling(), train.labels(), train.numClasses());
        int epochSize = sampling.epochSize();
        int batch = Math.min(config.batchSize(), epochSize);
        int stepsPerEpoch = (epochSize + batch - 1) / batch;
        Tracker lr = Optimizers.schedule(config, stepsPerEpoch);
        Optimizer optimizer = Optimizers.create(config, lr);
        TrainingHistory history = new TrainingHistory();
        TrainingControl control = new TrainingControl();
        Batches batches = new Batches(train, batch);
        SplittableRandom shuffle = new SplittableRandom(shuffleSeed != null ? shuffleSeed : config.seed());
        float[] weights = classWeights(train);
        // its own stream, so turning input noise on changes neither initialisation nor data order
        Augmentation inputNoise = config.inputNoise() > 0
                ? Augmentation.gaussianNoise(config.seed() ^ INPUT_NOISE_STREAM, config.inputNoise()) : null;
        Engine engine = Engines.engine();

        listeners.forEach(l -> l.onTrainingStart(new TrainingStart(network, train, valid, config, stepsPerEpoch)));
        double bestValid = Double.POSITIVE_INFINITY;
        byte[] bestParameters = null;
        int sinceBest = 0;
        int step = 0;
        for (int epoch = 1; epoch <= config.epochs() && !control.stopRequested(); epoch++) {
            long epochStart = System.nanoTime();
            int[] order = sampling.nextEpoch(shuffle);
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            for (int b = 0; b < stepsPerEpoch && !control.stopRequested(); b++, step++) {
                int from = b * batch;
                int to = Math.min(epochSize, from + batch);
                if (phases != null) {
                    phases.begin();
                }
                try (NDManager sub = network.manager().newSubManager()) {
                    NDArray x = batches.inputs(sub, order, from, to);
                    if (augmentation != null) {
                        x = augmentation.apply(sub, x);
                    }
                    if (inputNoise != null) {
                        x = inputNoise.apply(sub, x);
                    }
                    NDArray y = batches.labels(sub, order, from, to);
                    NDArray w = weights == null ? null : sub.create(weights);
                    mark(StepPhases.Phase.DATA);
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        logits = network.forward(x, true);
                        loss = Losses.crossEntropy(logits, y, w);
                        mark(StepPhases.Phase.FORWARD);
                        gc.backward(loss);
                    }
                    mark(StepPhases.Phase.BACKWARD);
                    double batchLoss = loss.getFloat();
                    long batchCorrect = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .eq(y).sum().getLong();
                    int n = to - from;
                    lossSum += batchLoss * n;
                    correct += batchCorrect;
                    seen += n;
                    history.batchLosses.add(batchLoss);
                    // listeners (the training doctor) see the gradients the model computed; clipping is part of
                    // the update, so a growing gradient norm stays visible with --clip-norm on
                    BatchEvent event = new BatchEvent(network, epoch, b, step, batchLoss, (double) batchCorrect / n, x, y,
                            control);
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(event);
                    }
                    mark(StepPhases.Phase.READBACK);
                    if (config.clipNorm() > 0) {
                        clipGradientNorm(network, config.clipNorm());
                    }
                    update(network, optimizer);
                    mark(StepPhases.Phase.OPTIMISER);
                }
                if (phases != null) {
                    phases.mark(StepPhases.Phase.RELEASE);
                    phases.endStep();
                }
            }
            double validLoss = Double.NaN;
            double validAcc = Double.NaN;
            if (valid != null && valid.size() > 0) {
                Predictions p = Predictor.predict(network, valid);
                validLoss = p.meanLoss();
                validAcc = p.accuracy();
            }
            double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
            EpochStats stats = new EpochStats(epoch, trainLoss,
                    seen == 0 ? Double.NaN : (double) correct / seen, validLoss, validAcc,
                    lr.getNewValue(step), (System.nanoTime() - epochStart) / 1e9);
            history.epochs.add(stats);
            if (lr instanceof PlateauTracker plateau) { // after the stats, which report the rate this epoch used
                plateau.epochEnd(Double.isNaN(validLoss) ? trainLoss : validLoss);
            }
            EpochEvent event = new EpochEvent(network, stats, history, control);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(event);
            }
            if (config.patience() > 0 && !Double.isNaN(validLoss)) {
                if (validLoss < bestValid) {
                    bestValid = validLoss;
                    bestParameters = network.snapshot();
                    history.bestEpoch = epoch;
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    control.stop("early stopping: validation loss has not improved for " + config.patience()
                            + " epochs");
                }
            }
        }
        if (bestParameters != null && history.bestEpoch != null && history.bestEpoch < history.epochs.size()) {
            network.restore(bestParameters);
        }
        history.stoppedEarly = control.stopReason();
        history.seconds = (System.nanoTime() - start) / 1e9;
        listeners.forEach(l -> l.onTrainingEnd(history));
        return history;
    }

    private void mark(StepPhases.Phase phase) {
        if (phases != null) {
            phases.mark(phase);
        }
    }

    /** One optimiser step; DJL's PyTorch optimisers zero each gradient as they apply it. */
    private static void update(Network network, Optimizer optimizer) {
        for (Pair<String, Parameter> p : network.trainableParameters()) {
            NDArray weight = p.getValue().getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getValue().getId(), weight, grad);
            }
        }
    }

    /** Scales all gradients together so their global L2 norm is at most {@code maxNorm}. */
    static void clipGradientNorm(Network network, double maxNorm) {
        PairList<String, Parameter> params = network.trainableParameters();
        double sq = 0;
        for (Pair<String, Parameter> p : params) {
            try (NDArray g = p.getValue().getArray().getGradient(); NDArray s = g.square().sum()) {
                sq += s.getFloat();
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float scale = (float) (maxNorm / norm);
            for (Pair<String, Parameter> p : params) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    Scalars.muli(g, scale);
                }
            }
        }
    }

    private float[] classWeights(Dataset train) {
        if (!config.classWeighting().equals("balanced")) {
            return null;
        }
        int[] counts = train.classCounts();
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            // sklearn's "balanced": n_samples / (n_classes * count); absent classes get weight 0.
            w[c] = counts[c] == 0 ? 0f : (float) train.size() / (counts.length * counts[c]);
        }
        return w;
    }
}
