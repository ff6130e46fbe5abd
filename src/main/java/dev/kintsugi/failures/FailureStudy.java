package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.evaluate.Predictor;
import dev.kintsugi.model.Network;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole framework on one model: find its failures on the repair split, describe them, generate
 * debug_train from the failure modes, mitigate, and compare with two Random_debugging baselines (as many
 * generated images, contexts uniform over all training contexts, and drawn from each class's own training
 * contexts: {@link RandomDebugging}), plus the λ sweep. The original network is never changed; the three
 * mitigated networks are new ones the caller must close.
 */
public final class FailureStudy {
    /**
     * @param contextAttribute the training split's attribute with each sample's context (for the baseline and
     *                         the describer's accuracy), e.g. {@code background}
     * @param lambdas          λ values of the sweep (head retraining); empty for none
     */
    public record Settings(int k, int imagesPerFailure, Mitigation mitigation, HeadRetrainingConfig head,
                           List<Double> lambdas, String contextAttribute, long seed) {
    }

    /** Everything the study produced; {@link #result()} is its JSON form. */
    /**
     * {@code random} is the fair baseline (contexts uniform over all of the training split's), {@code
     * randomClassContexts} the paper's (each class's own training contexts); see {@link RandomDebugging}.
     */
    public record Outcome(FailureStudyResult result, FailureAnalysis analysis, Dataset debugTrain, Dataset randomTrain,
                          Network ours, Network random, Network randomClassContexts) implements AutoCloseable {
        @Override
        public void close() {
            ours.close();
            random.close();
            randomClassContexts.close();
        }
    }

    static final String RANDOM = "random";
    static final String RANDOM_CLASS_CONTEXTS = "random-class-contexts";

    private FailureStudy() {
    }

    public static Outcome run(Network original, Splits splits, FailureComponents components, Settings s,
                              PrintStream log) {
        s.mitigation().checkRunsOn(original);
        if (!s.lambdas().isEmpty()) {
            original.requireOutputLayer("the λ sweep (head retraining)");
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        FailureAnalysis analysis = FailureAnalysis.run(original, splits.repair(), components, s.k(), s.seed(), log);
        seconds.put("find", analysis.findSeconds());
        seconds.put("describe", analysis.describeSeconds());
        for (FailureMode m : analysis.modes()) {
            log.println("  " + m.inWords());
        }

        long t = System.nanoTime();
        List<DebugTrain.Request> ours = analysis.requests(s.imagesPerFailure());
        Dataset debugTrain = DebugTrain.generate("debug-train", ours, components.generator(), s.seed(), log);
        AttributeContextProposer training = AttributeContextProposer.of(splits.train(), s.contextAttribute());
        List<DebugTrain.Request> classContextRequests = RandomDebugging.requests(ours, training, s.seed() + 1);
        Dataset classContextTrain = DebugTrain.generate("random-class-contexts-train", classContextRequests,
                components.generator(), s.seed() + 1, log);
        List<DebugTrain.Request> randomRequests = RandomDebugging.uniform(ours, training.vocabulary(), s.seed() + 2);
        Dataset randomTrain = DebugTrain.generate("random-train", randomRequests, components.generator(),
                s.seed() + 2, log);
        seconds.put("generate", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        log.println("mitigating with " + s.mitigation().name() + " (ours, " + debugTrain.size() + " generated images)");
        Network oursNet = s.mitigation().mitigate(original, splits, debugTrain, s.seed(), log);
        seconds.put("mitigate", (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        log.println("mitigating with " + s.mitigation().name() + " (random, " + randomTrain.size()
                + " generated images)");
        Network randomNet = s.mitigation().mitigate(original, splits, randomTrain, s.seed(), log);
        seconds.put("random", (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        log.println("mitigating with " + s.mitigation().name() + " (random from each class's own contexts, "
                + classContextTrain.size() + " generated images)");
        Network classContextNet = s.mitigation().mitigate(original, splits, classContextTrain, s.seed(), log);
        seconds.put(RANDOM_CLASS_CONTEXTS, (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        DebugSet ds = analysis.debugSet();
        Dataset seedSet = ds.seedSet();
        Dataset heldout = ds.heldoutSet();
        List<AccuracyRow> table = List.of(row("original", original, splits.test(), seedSet, heldout),
                row("ours", oursNet, splits.test(), seedSet, heldout),
                row(RANDOM, randomNet, splits.test(), seedSet, heldout),
                row(RANDOM_CLASS_CONTEXTS, classContextNet, splits.test(), seedSet, heldout));
        seconds.put("evaluate", (System.nanoTime() - t) / 1e9);

        List<SweepPoint> sweep = List.of();
        if (!s.lambdas().isEmpty()) {
            t = System.nanoTime();
            log.println("λ sweep over " + s.lambdas());
            Dataset originalTrain = HeadRetrainer.originalTrain(splits.train(), s.head().trainPerClass(), s.seed());
            sweep = LambdaSweep.run(original, originalTrain, debugTrain, splits.test(), ds, s.head(), s.lambdas(), log);
            seconds.put("lambdaSweep", (System.nanoTime() - t) / 1e9);
        }
        DescribedFailures.Accuracy describer = analysis.described().accuracyAgainst(s.contextAttribute());
        FailureStudyResult result = new FailureStudyResult(components.describer().name(),
                components.proposer().name(), components.generator().name(), s.mitigation().name(),
                s.mitigation().settings(), s.k(), s.imagesPerFailure(), s.seed(),
                FailureStudyResult.DebugSetSummary.of(ds), analysis.modes(),
                analysis.modes().stream().map(FailureMode::inWords).toList(), describer, debugTrain.size(),
                randomTrain.size(), table, sweep, seconds);
        return new Outcome(result, analysis, debugTrain, randomTrain, oursNet, randomNet, classContextNet);
    }

    static AccuracyRow row(String name, Network model, Dataset test, Dataset seedSet, Dataset heldout) {
        return new AccuracyRow(name, accuracy(model, test), accuracy(model, seedSet), accuracy(model, heldout));
    }

    static double accuracy(Network model, Dataset data) {
        return data.size() == 0 ? Double.NaN : Predictor.predict(model, data).accuracy();
    }
}
