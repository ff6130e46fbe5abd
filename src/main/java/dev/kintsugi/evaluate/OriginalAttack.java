package dev.kintsugi.evaluate;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The original model's attack outcomes on a test split, computed a block at a time and kept, so that every
 * comparison against the same original (a study's cells for one seed) attacks it once instead of once per fix.
 *
 * <p>What makes reuse exact: the inputs {@link Robustness} draws are the first ones, in one seeded order of the
 * test split ({@link #order}), that every compared model classifies correctly, so they always lie among the first
 * of the inputs the original alone classifies correctly, in that order. Those are attacked in fixed blocks of
 * {@link #BLOCK} (positions 0–99, 100–199, …) with each input's random start keyed by its test index, so an
 * input's outcome depends neither on which fix is compared nor on which comparison computed its block first.
 * A comparison that brings its own instance computes exactly what a cached one holds.
 */
public final class OriginalAttack {
    /** Inputs attacked together: the unit of computation and reuse. */
    public static final int BLOCK = 100;

    private final Attack attack;
    private final Dataset test;
    private final long drawSeed;
    private final int[] correctInOrder;
    private final int[] positionOf;
    private final boolean[] fooled;
    private final boolean[] blockDone;
    private int attackedInputs;

    /**
     * Outcomes (none computed yet) of {@code attack} on the inputs of {@code test} that the original classifies
     * correctly ({@code originalOnTest}), taken in the order {@link #order}({@code test.size()}, {@code drawSeed}).
     */
    public OriginalAttack(Attack attack, Dataset test, Predictions originalOnTest, long drawSeed) {
        if (originalOnTest.size() != test.size()) {
            throw new IllegalArgumentException(originalOnTest.size() + " predictions for " + test.size()
                    + " inputs of " + test.name());
        }
        this.attack = attack;
        this.test = test;
        this.drawSeed = drawSeed;
        int[] order = order(test.size(), drawSeed);
        this.correctInOrder = Arrays.stream(order).filter(originalOnTest::correct).toArray();
        this.positionOf = new int[test.size()];
        Arrays.fill(positionOf, -1);
        for (int p = 0; p < correctInOrder.length; p++) {
            positionOf[correctInOrder[p]] = p;
        }
        this.fooled = new boolean[correctInOrder.length];
        this.blockDone = new boolean[(correctInOrder.length + BLOCK - 1) / BLOCK];
    }

    /** A seeded uniform permutation of {@code 0 … n−1} (Fisher–Yates): the order in which inputs are drawn. */
    public static int[] order(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n - 1; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Whether this holds the outcomes of {@code attack} on {@code test} drawn with {@code drawSeed}. */
    public boolean isFor(Attack attack, Dataset test, long drawSeed) {
        return this.attack.equals(attack) && this.test.name().equals(test.name()) && this.test.size() == test.size()
                && this.drawSeed == drawSeed;
    }

    /**
     * Whether the attack fooled {@code original} on each of {@code indices} (test indices the original classifies
     * correctly), attacking the blocks that hold them and are not computed yet.
     */
    public synchronized boolean[] fooled(Classifier original, int[] indices) {
        boolean[] out = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int p = positionOf[indices[k]];
            if (p < 0) {
                throw new IllegalArgumentException("test input " + indices[k] + " is not classified correctly by the original");
            }
            int block = p / BLOCK;
            if (!blockDone[block]) {
                attackBlock(original, block);
            }
            out[k] = fooled[p];
        }
        return out;
    }

    /** Inputs attacked so far (the cost paid), for tests and logs. */
    public synchronized int attackedInputs() {
        return attackedInputs;
    }

    private void attackBlock(Classifier original, int block) {
        int from = block * BLOCK;
        int[] indices = Arrays.copyOfRange(correctInOrder, from, Math.min(correctInOrder.length, from + BLOCK));
        Dataset inputs = test.subset(test.name() + "-attacked", indices);
        float[] adversarial = attack.perturb(original, inputs.featuresView(), inputs.labels(), keys(indices));
        Predictions p = Predictor.predict(original, inputs.withFeatures(inputs.name() + "-adversarial", adversarial));
        for (int k = 0; k < indices.length; k++) {
            fooled[from + k] = !p.correct(k);
        }
        blockDone[block] = true;
        attackedInputs += indices.length;
    }

    static long[] keys(int[] indices) {
        return Arrays.stream(indices).asLongStream().toArray();
    }
}
