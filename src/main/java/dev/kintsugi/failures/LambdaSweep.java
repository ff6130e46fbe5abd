package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.repair.cache.ActivationCache;

import dev.kintsugi.util.ProgressBars;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Figure 5: head retraining with several λ, each judged on test, debug-seed and debug-heldout.
 * Every set's features are computed once and every head is evaluated from them, so a sweep costs only the
 * head fits.
 */
public final class LambdaSweep {
    public static final List<Double> DEFAULT_LAMBDAS = List.of(0.0, 0.1, 0.25, 0.5, 1.0, 2.0);

    private LambdaSweep() {
    }

    public static List<SweepPoint> run(Network original, Dataset originalTrain, Dataset debugTrain, Dataset test,
                                       DebugSet debugSet, HeadRetrainingConfig config, List<Double> lambdas,
                                       PrintStream progress) {
        int head = original.headIndex();
        ActivationCache train = ActivationCache.of(original, originalTrain, head);
        ActivationCache debug = ActivationCache.of(original, debugTrain, head);
        ActivationCache testF = ActivationCache.of(original, test, head);
        ActivationCache seedF = ActivationCache.of(original, debugSet.seedSet(), head);
        ActivationCache heldF = ActivationCache.of(original, debugSet.heldoutSet(), head);
        List<SweepPoint> points = new ArrayList<>();
        try (ProgressBar bar = progress == null ? null : ProgressBars.create("λ sweep", lambdas.size(), progress)) {
            for (double lambda : lambdas) {
                HeadRetrainer.Fit fit = new HeadRetrainer(config.withLambda(lambda)).fit(original, train, debug);
                points.add(new SweepPoint(lambda, accuracy(testF, fit), accuracy(seedF, fit), accuracy(heldF, fit)));
                if (bar != null) {
                    bar.step();
                }
            }
        }
        return points;
    }

    static double accuracy(ActivationCache cache, HeadRetrainer.Fit fit) {
        return cache.size() == 0 ? Double.NaN
                : (double) cache.evaluateLinear(fit.weight(), fit.bias(), null).correctCount() / cache.size();
    }
}
