package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.train.TrainingHistory;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.List;

/**
 * Few-Shot Guided Mix (FM; Ren et al., ICSME 2020): failure-guided mixup, then fine-tuning.
 *
 * <p>Neither paper text nor code is public, so this port follows the study's description and states its
 * choices: each of {@code mixed} training images (default 2,000) is mixed with a failing repair input of
 * the same class, x = λ·x_train + (1 − λ)·x_fail with λ ~ Beta(α, α), α = 0.4 (same-class pairs keep the
 * label exact); the model is then fine-tuned on the failures, the mixed images and a replay of
 * {@code replay} training images (default 10,000) with SGD, learning rate 0.01, momentum 0.9, batch 64,
 * for 10 epochs, keeping the best-validation epoch. Options: {@code mixed}, {@code replay}, {@code alpha},
 * {@code epochs}, {@code lr}.
 */
public final class FsgMix implements RepairApproach {
    @Override
    public String name() {
        return "fsgmix";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.MODEL;
    }

    @Override
    public String paper() {
        return "Ren et al., Few-Shot Guided Mix, ICSME 2020 (details inferred)";
    }

    /** Trains every parameter through the forward pass only, so a TorchScript module works too. */
    @Override
    public Needs needs() {
        return Needs.PARAMETERS;
    }

    @Override
    public java.util.SortedSet<String> optionKeys() {
        return new java.util.TreeSet<>(java.util.List.of("alpha", "epochs", "lr", "mixed", "replay"));
    }

    @Override
    public String summary() {
        return "mix training images with same-class failures (mixup), fine-tune with SGD keeping the best epoch";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int epochs = context.intOption("epochs", 10);
            Dataset mixed = mix(context.train(), context.negatives(), context.intOption("mixed", 2000),
                    context.doubleOption("alpha", 0.4), context.seed());
            Dataset focus = Dataset.concat("failures+mixed", List.of(context.negatives(), mixed));
            Dataset data = FineTuning.withReplay(focus, context.train(), context.intOption("replay", 10000),
                    context.seed());
            TrainingConfig config = TrainingConfig.defaults().withOptimizer("sgd")
                    .withLearningRate(context.doubleOption("lr", 0.01)).withMomentum(0.9).withBatchSize(64)
                    .withEpochs(epochs).withPatience(epochs).withSeed(context.seed());
            TrainingHistory h = FineTuning.run(fixed, data, context.valid(), config, context);
            details.put("mixedImages", mixed.size());
            details.put("trainingSamples", data.size());
            details.put("bestEpoch", h.bestEpoch);
            details.put("validAccuracyByEpoch", h.series(s -> s.validAccuracy()));
        });
    }

    /** Same-class mixup of training images with failures; classes without failures are skipped. */
    static Dataset mix(Dataset train, Dataset failures, int count, double alpha, long seed) {
        List<List<Integer>> failuresByClass = new ArrayList<>();
        for (int c = 0; c < train.numClasses(); c++) {
            failuresByClass.add(new ArrayList<>());
        }
        for (int i = 0; i < failures.size(); i++) {
            failuresByClass.get(failures.label(i)).add(i);
        }
        Well19937c rng = new Well19937c(seed);
        BetaDistribution beta = new BetaDistribution(rng, alpha, alpha);
        int size = train.sampleSize();
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int attempt = 0; xs.size() < count && attempt < count * 4; attempt++) {
            int t = rng.nextInt(train.size());
            List<Integer> pool = failuresByClass.get(train.label(t));
            if (pool.isEmpty()) {
                continue;
            }
            float[] a = train.sample(t);
            float[] f = failures.sample(pool.get(rng.nextInt(pool.size())));
            double lambda = beta.sample();
            float[] x = new float[size];
            for (int j = 0; j < size; j++) {
                x[j] = (float) (lambda * a[j] + (1 - lambda) * f[j]);
            }
            xs.add(x);
            ys.add(train.label(t));
        }
        float[] features = new float[xs.size() * size];
        int[] labels = new int[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            System.arraycopy(xs.get(i), 0, features, i * size, size);
            labels[i] = ys.get(i);
        }
        return new Dataset("failure-guided-mix", train.sampleShape(), features, labels, train.classNames());
    }
}
