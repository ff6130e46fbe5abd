package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.evaluate.Predictions;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.RepairApproach;
import dev.kintsugi.repair.RepairContext;
import dev.kintsugi.repair.RepairLevel;
import dev.kintsugi.repair.RepairResult;
import dev.kintsugi.repair.RepairRun;
import dev.kintsugi.repair.finetune.FineTuning;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.List;

/**
 * Apricot (Zhang &amp; Chan, ASE 2019), following the reimplementation in {@code coinse/arachne apricot/}:
 * weight adjustment guided by reduced models.
 *
 * <ol>
 *   <li>Train K = 20 reduced models (rDLMs) of the same architecture, each on a random subset of
 *       {@code rdlmSamples} training inputs (default 1,000), for {@code rdlmEpochs} epochs (default 60)
 *       with Adam, learning rate 2e-4.</li>
 *   <li>For each failing repair input, in batches of 20: split the rDLMs into those that classify it
 *       correctly (mean weights w̄_c) and those that do not (w̄_i), skip it if either group is empty, and
 *       move every weight towards w̄_c and away from w̄_i: w ← w − η·(p_c·(w − w̄_c) − p_i·(w − w̄_i)) with
 *       p_c, p_i the groups' shares and η = 1e-3 (the paper's semantics; the reimplementation's sign is
 *       the opposite, see the approach notes).</li>
 *   <li>After each batch: fine-tune on training data, evaluate on valid, keep the weights if valid
 *       accuracy improved, otherwise restore the best so far; stop after one pass or 100 batches without
 *       improvement.</li>
 * </ol>
 * Deviation, to fit a ten-minute budget: the original retrains on the whole training set for 5 epochs
 * after every batch (why it took 13h46m in the study); here each batch retrains for
 * {@code retrainEpochs} (default 1) epoch on a replay of {@code retrainSamples} (default 5,000) training
 * inputs, and the reduced models train in batches of 128 ({@code rdlmBatch}). Options: {@code rdlms},
 * {@code rdlmSamples}, {@code rdlmEpochs}, {@code eta}, {@code batch},
 * {@code retrainEpochs}, {@code retrainSamples}, {@code patience}.
 */
public final class Apricot implements RepairApproach {
    @Override
    public String name() {
        return "apricot";
    }

    @Override
    public RepairLevel level() {
        return RepairLevel.MODEL;
    }

    @Override
    public String paper() {
        return "Zhang & Chan, Apricot, ASE 2019";
    }

    @Override
    public String summary() {
        return "move weights towards reduced models that get a failure right and away from those that do not";
    }

    @Override
    public RepairResult repair(Network original, RepairContext context) {
        return RepairRun.of(this, original, context, (fixed, details) -> {
            int k = context.intOption("rdlms", 20);
            double eta = context.doubleOption("eta", 1e-3);
            int batch = context.intOption("batch", 20);
            int patience = context.intOption("patience", 100);
            Dataset negatives = context.negatives();

            List<float[]> weights = new ArrayList<>();
            List<Predictions> verdicts = new ArrayList<>();
            try (ProgressBar bar = ProgressBars.create("apricot: reduced models", k, context.log())) {
                for (int m = 0; m < k && !context.outOfTime(); m++) {
                    try (Network reduced = trainReduced(original, context, m)) {
                        weights.add(reduced.flatParameters());
                        verdicts.add(Predictor.predict(reduced, negatives));
                    }
                    bar.step();
                }
            }
            details.put("rdlmsTrained", weights.size());

            float[] w = fixed.flatParameters();
            float[] best = w.clone();
            double bestAccuracy = Predictor.predict(fixed, context.valid()).accuracy();
            TrainingConfig retrain = TrainingConfig.defaults().withLearningRate(2e-4)
                    .withEpochs(context.intOption("retrainEpochs", 1)).withSeed(context.seed());
            int retrainSamples = context.intOption("retrainSamples", 5000);
            int adjusted = 0;
            int batches = 0;
            int sinceBest = 0;
            try (ProgressBar bar = ProgressBars.create("apricot: weight adjustment",
                    (negatives.size() + batch - 1) / batch, context.log())) {
                for (int from = 0; from < negatives.size() && sinceBest < patience && !context.outOfTime(); from += batch) {
                    bar.step();
                    for (int i = from; i < Math.min(negatives.size(), from + batch); i++) {
                        adjusted += adjust(w, weights, verdicts, i, eta) ? 1 : 0;
                    }
                    fixed.setFlatParameters(w);
                    new Trainer(retrain.withSeed(context.seed() + batches))
                            .fit(fixed, FineTuning.replay(context.train(), retrainSamples, context.seed() + batches), null);
                    batches++;
                    double accuracy = Predictor.predict(fixed, context.valid()).accuracy();
                    if (accuracy > bestAccuracy) {
                        bestAccuracy = accuracy;
                        best = fixed.flatParameters();
                        sinceBest = 0;
                        context.guard().consider(fixed, "batch " + batches);
                    } else {
                        sinceBest++;
                    }
                    w = best.clone();
                }
            }
            fixed.setFlatParameters(best);
            details.put("adjustedSamples", adjusted);
            details.put("batches", batches);
            details.put("bestValidAccuracy", bestAccuracy);
        });
    }

    private static Network trainReduced(Network original, RepairContext context, int index) {
        long seed = context.seed() * 1000 + index;
        Network reduced = Network.create(original.spec(), seed);
        Dataset subset = FineTuning.replay(context.train(), context.intOption("rdlmSamples", 1000), seed);
        new Trainer(TrainingConfig.defaults().withLearningRate(2e-4).withEpochs(context.intOption("rdlmEpochs", 60))
                .withBatchSize(context.intOption("rdlmBatch", 128)).withSeed(seed)).fit(reduced, subset, null);
        return reduced;
    }

    /** One Apricot step for failing sample {@code i}; false when every rDLM agrees on it. */
    private static boolean adjust(float[] w, List<float[]> rdlms, List<Predictions> verdicts, int i, double eta) {
        List<float[]> right = new ArrayList<>();
        List<float[]> wrong = new ArrayList<>();
        for (int m = 0; m < rdlms.size(); m++) {
            (verdicts.get(m).correct(i) ? right : wrong).add(rdlms.get(m));
        }
        if (right.isEmpty() || wrong.isEmpty()) {
            return false;
        }
        double pc = (double) right.size() / rdlms.size();
        double pi = (double) wrong.size() / rdlms.size();
        float[] meanRight = mean(right);
        float[] meanWrong = mean(wrong);
        for (int j = 0; j < w.length; j++) {
            w[j] -= (float) (eta * (pc * (w[j] - meanRight[j]) - pi * (w[j] - meanWrong[j])));
        }
        return true;
    }

    private static float[] mean(List<float[]> vectors) {
        float[] m = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int j = 0; j < m.length; j++) {
                m[j] += v[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= vectors.size();
        }
        return m;
    }
}
