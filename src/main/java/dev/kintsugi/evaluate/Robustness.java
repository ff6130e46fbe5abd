package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Attack success rates of an original model and its fixed versions, measured as the study does: draw up to
 * 500 test inputs (here with a fixed seed; the study's draw was unseeded) among those that every compared
 * model classifies correctly, attack each model on the same inputs, and report ASR per model and
 * ⇑ASR = (ASR(o) − ASR(f)) / ASR(o) × 100 per fixed model (positive: the fixed model is more robust).
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
        int[] candidates = indicesOf(eligible);
        int[] chosen = draw(candidates, maxInputs, drawSeed);
        Dataset inputs = test.subset(test.name() + "-attacked", chosen);
        AttackSuccess o = attackOne("original", attack, original, inputs);
        Map<String, AttackSuccess> results = new LinkedHashMap<>();
        Map<String, RelativeChange> improvement = new LinkedHashMap<>();
        fixed.forEach((name, network) -> {
            AttackSuccess f = attackOne(name, attack, network, inputs);
            results.put(name, f);
            improvement.put(name, RelativeChange.decrease(o.ratePercent(), f.ratePercent()));
        });
        String note = chosen.length == 0 ? "no test input is classified correctly by every compared model" : null;
        return new Robustness(attack.describe(), attack.epsilon(), candidates.length, drawSeed, chosen, o, results,
                improvement, note);
    }

    /** Number of inputs attacked (the same for every model). */
    public int attackedInputs() {
        return attackedIndices.length;
    }

    private static AttackSuccess attackOne(String name, Attack attack, Classifier network, Dataset inputs) {
        float[] adversarial = attack.perturb(network, inputs.featuresView(), inputs.labels());
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

    private static int[] indicesOf(boolean[] mask) {
        int[] out = new int[mask.length];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A seeded uniform draw without replacement (partial Fisher–Yates), returned in ascending order. */
    private static int[] draw(int[] candidates, int max, long seed) {
        int[] pool = candidates.clone();
        int k = Math.min(Math.max(max, 0), pool.length);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] chosen = Arrays.copyOf(pool, k);
        Arrays.sort(chosen);
        return chosen;
    }
}
