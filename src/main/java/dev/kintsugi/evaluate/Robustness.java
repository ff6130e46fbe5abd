package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attack success rates of an original model and its fixed versions, measured as the study does: draw up to
 * 500 test inputs (here with a fixed seed; the study's draw was unseeded) among those that every compared
 * model classifies correctly, attack each model on the same inputs, and report ASR per model and
 * ⇑ASR = (ASR(o) − ASR(f)) / ASR(o) × 100 per fixed model (positive: the fixed model is more robust).
 *
 * <p>The draw is uniform without replacement: the first eligible inputs in one seeded order of the test split
 * ({@link OriginalAttack#order}). A randomised attack's start is keyed by the input's test index. Both make the
 * original's outcome on an input independent of the fixes it is compared with, so the original's attack can be
 * computed once and reused ({@link OriginalAttack}).
 *
 * @param eligibleInputs  test inputs every model classifies correctly
 * @param attackedIndices the drawn inputs, as indices into the test set, ascending
 * @param note            why nothing was attacked, when that happens; null otherwise
 */
public record Robustness(String attack, double epsilon, int eligibleInputs, long drawSeed, int[] attackedIndices,
                         AttackSuccess original, Map<String, AttackSuccess> fixed,
                         Map<String, RelativeChange> asrImprovement, String note) {

    /** The study's sample size. */
    public static final int STUDY_INPUTS = 500;

    public static Robustness evaluate(Attack attack, Dataset test, Classifier original, Map<String, ? extends Classifier> fixed,
                                      int maxInputs, long drawSeed) {
        Map<String, Predictions> fixedPredictions = new LinkedHashMap<>();
        fixed.forEach((name, f) -> fixedPredictions.put(name, Predictor.predict(f, test)));
        return evaluate(attack, test, original, Predictor.predict(original, test), fixed, fixedPredictions, maxInputs,
                drawSeed);
    }

    /**
     * As {@link #evaluate(Attack, Dataset, Classifier, Map, int, long)}, with every model's predictions on
     * {@code test} already made (a comparison has them; predicting the test split again per model was most of a
     * study cell's evaluation time after the attack itself).
     */
    public static Robustness evaluate(Attack attack, Dataset test, Classifier original, Predictions originalOnTest,
                                      Map<String, ? extends Classifier> fixed, Map<String, Predictions> fixedOnTest,
                                      int maxInputs, long drawSeed) {
        return evaluate(attack, test, original, originalOnTest, fixed, fixedOnTest, maxInputs, drawSeed,
                new OriginalAttack(attack, test, originalOnTest, drawSeed));
    }

    /**
     * As {@link #evaluate(Attack, Dataset, Classifier, Predictions, Map, Map, int, long)}, with the original's
     * outcomes taken from (and added to) {@code originalOutcomes}, which must be for this attack, split and draw
     * seed and the same original: the numbers are those of a fresh one.
     */
    public static Robustness evaluate(Attack attack, Dataset test, Classifier original, Predictions originalOnTest,
                                      Map<String, ? extends Classifier> fixed, Map<String, Predictions> fixedOnTest,
                                      int maxInputs, long drawSeed, OriginalAttack originalOutcomes) {
        if (!originalOutcomes.isFor(attack, test, drawSeed)) {
            throw new IllegalArgumentException("the original's attack outcomes are for another attack, split or draw");
        }
        boolean[] eligible = correctlyClassified(originalOnTest, test);
        for (String name : fixed.keySet()) {
            Predictions p = fixedOnTest.get(name);
            if (p == null) {
                throw new IllegalArgumentException("no test predictions for fixed model " + name);
            }
            boolean[] ok = correctlyClassified(p, test);
            for (int i = 0; i < eligible.length; i++) {
                eligible[i] &= ok[i];
            }
        }
        int candidates = 0;
        for (boolean e : eligible) {
            candidates += e ? 1 : 0;
        }
        int[] chosen = draw(eligible, maxInputs, drawSeed);
        Dataset inputs = test.subset(test.name() + "-attacked", chosen);
        AttackSuccess o = AttackSuccess.of("original", originalOutcomes.fooled(original, chosen));
        Map<String, AttackSuccess> results = new LinkedHashMap<>();
        Map<String, RelativeChange> improvement = new LinkedHashMap<>();
        fixed.forEach((name, network) -> {
            AttackSuccess f = attackOne(name, attack, network, inputs, chosen);
            results.put(name, f);
            improvement.put(name, RelativeChange.decrease(o.ratePercent(), f.ratePercent()));
        });
        String note = chosen.length == 0 ? "no test input is classified correctly by every compared model" : null;
        return new Robustness(attack.describe(), attack.epsilon(), candidates, drawSeed, chosen, o, results,
                improvement, note);
    }

    /** Number of inputs attacked (the same for every model). */
    public int attackedInputs() {
        return attackedIndices.length;
    }

    private static AttackSuccess attackOne(String name, Attack attack, Classifier network, Dataset inputs, int[] indices) {
        float[] adversarial = attack.perturb(network, inputs.featuresView(), inputs.labels(), OriginalAttack.keys(indices));
        Dataset perturbed = inputs.withFeatures(inputs.name() + "-adversarial", adversarial);
        return AttackSuccess.of(name, Predictor.predict(network, perturbed));
    }

    private static boolean[] correctlyClassified(Predictions p, Dataset data) {
        if (p.size() != data.size()) {
            throw new IllegalArgumentException(p.size() + " predictions for " + data.size() + " inputs of " + data.name());
        }
        boolean[] ok = new boolean[p.size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = p.correct(i);
        }
        return ok;
    }

    /**
     * The first {@code max} eligible inputs in the seeded order {@link OriginalAttack#order}: a uniform draw
     * without replacement, returned in ascending order.
     */
    private static int[] draw(boolean[] eligible, int max, long seed) {
        int[] chosen = new int[Math.min(Math.max(max, 0), eligible.length)];
        int k = 0;
        for (int i : OriginalAttack.order(eligible.length, seed)) {
            if (k == chosen.length) {
                break;
            }
            if (eligible[i]) {
                chosen[k++] = i;
            }
        }
        chosen = Arrays.copyOf(chosen, k);
        Arrays.sort(chosen);
        return chosen;
    }
}
