package dev.kintsugi.evaluate;

import dev.kintsugi.model.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.kintsugi.KintsugiException;
import dev.kintsugi.model.Engines;
import dev.kintsugi.model.Classifier;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Projected gradient descent under an L∞ budget, as Foolbox 3's {@code LinfPGD}: optionally start from a
 * uniform random point of the ε-ball (clipped to the bounds), then repeat: step by
 * {@code relativeStepSize × ε} along the sign of the loss gradient w.r.t. the input, project back onto the
 * ε-ball around the original input, clip to the bounds. The last iterate is the result (Foolbox keeps no
 * best-so-far). FGSM is the single-step case ({@link Fgsm}).
 *
 * <p>The random start comes from a {@link SplittableRandom} with {@code seed}, drawn in sample order, so
 * results do not depend on the batch size. Keyed ({@link #perturb(Classifier, float[], int[], long[])}), each
 * input's start comes from its own generator, seeded with {@code seed} and the input's key (its index in the
 * test split), so an input gets the same start whichever other inputs are attacked with it: what lets a study
 * attack an original once and reuse the outcome in every cell ({@link OriginalAttack}). The parameters record no gradient while the attack runs
 * ({@link Classifier#freezeParameters()}): the backward passes compute the input's gradient only.
 *
 * @param batchSize inputs attacked together; each batch's arrays live in a sub-manager closed after it
 */
public record Pgd(double epsilon, int steps, double relativeStepSize, boolean randomStart, AttackLoss loss,
                  Bounds bounds, long seed, int batchSize) implements Attack {

    /** Foolbox 3's LinfPGD default: 40 steps. */
    public static final int FOOLBOX_STEPS = 40;
    /** Foolbox 3's LinfPGD default relative step size, 0.01 / 0.3. */
    public static final double FOOLBOX_RELATIVE_STEP = 0.01 / 0.3;
    public static final int DEFAULT_BATCH = 100;

    public Pgd {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new KintsugiException("attack epsilon must be a finite number >= 0, got " + epsilon);
        }
        if (steps < 1) {
            throw new KintsugiException("attack steps must be at least 1, got " + steps);
        }
        if (!(relativeStepSize > 0)) {
            throw new KintsugiException("attack relative step size must be > 0, got " + relativeStepSize);
        }
        if (batchSize < 1) {
            throw new KintsugiException("attack batch size must be at least 1, got " + batchSize);
        }
    }

    /** Foolbox 3's default LinfPGD at budget ε: 40 steps, relative step 0.01/0.3, random start; bounds [0, 1]. */
    public static Pgd linf(double epsilon) {
        return new Pgd(epsilon, FOOLBOX_STEPS, FOOLBOX_RELATIVE_STEP, true, AttackLoss.CROSS_ENTROPY_ON_LOGITS,
                Bounds.UNIT, 0, DEFAULT_BATCH);
    }

    public Pgd withBounds(Bounds b) {
        return new Pgd(epsilon, steps, relativeStepSize, randomStart, loss, b, seed, batchSize);
    }

    public Pgd withSeed(long s) {
        return new Pgd(epsilon, steps, relativeStepSize, randomStart, loss, bounds, s, batchSize);
    }

    public Pgd withLoss(AttackLoss l) {
        return new Pgd(epsilon, steps, relativeStepSize, randomStart, l, bounds, seed, batchSize);
    }

    public Pgd withBatchSize(int b) {
        return new Pgd(epsilon, steps, relativeStepSize, randomStart, loss, bounds, seed, b);
    }

    /** The study's setting: loss over softmax probabilities taken as logits (see {@link AttackLoss}). */
    public Pgd studyVariant() {
        return withLoss(AttackLoss.CROSS_ENTROPY_ON_PROBABILITIES);
    }

    /** The absolute step size, relativeStepSize × ε. */
    public double stepSize() {
        return relativeStepSize * epsilon;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "L-inf PGD eps=%s steps=%d step=%.4g random-start=%s loss=%s bounds=[%s, %s]",
                epsilon, steps, stepSize(), randomStart, loss.name().toLowerCase(Locale.ROOT), bounds.lower(),
                bounds.upper());
    }

    @Override
    public float[] perturb(Classifier network, float[] inputs, int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        return perturb(network, inputs, labels, sample -> random);
    }

    /** As {@link Attack#perturb(Classifier, float[], int[], long[])}: input {@code j}'s start from {@link #startRandom}. */
    @Override
    public float[] perturb(Classifier network, float[] inputs, int[] labels, long[] keys) {
        if (keys.length != labels.length) {
            throw new KintsugiException(keys.length + " keys for " + labels.length + " inputs");
        }
        return perturb(network, inputs, labels, sample -> startRandom(keys[sample]));
    }

    /**
     * The generator of the random start of the input with {@code key}: seeded with a mix of the attack's seed and
     * the key (SplittableRandom mixes its seed again before each draw, so neighbouring keys give unrelated starts).
     */
    SplittableRandom startRandom(long key) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key);
    }

    /** The random start's generator for each sample, by its position in {@code inputs}. */
    private interface StartRandoms {
        SplittableRandom forSample(int sample);
    }

    private float[] perturb(Classifier network, float[] inputs, int[] labels, StartRandoms randoms) {
        int n = labels.length;
        if (n == 0) {
            return new float[0];
        }
        if (inputs.length % n != 0 || inputs.length / n != network.batchShape(1).size()) {
            throw new KintsugiException(inputs.length + " input values do not make " + n + " inputs of shape "
                    + network.batchShape(1).slice(1));
        }
        int size = inputs.length / n;
        float[] adversarial = new float[inputs.length];
        float[] start = new float[Math.min(batchSize, n) * size];
        DirectStaging originals = new DirectStaging();
        DirectStaging starts = new DirectStaging();
        DirectStaging targets = new DirectStaging();
        try (Classifier.FrozenParameters frozen = network.freezeParameters()) {
            for (int from = 0; from < n; from += batchSize) {
                int count = Math.min(n, from + batchSize) - from;
                for (int j = 0; j < count; j++) {
                    fillStart(inputs, (from + j) * size, size, start, j * size, randoms.forSample(from + j));
                }
                Shape shape = network.batchShape(count);
                try (NDManager batch = network.manager().newSubManager()) {
                    NDArray x0 = originals.floats(batch, inputs, from * size, count * size, shape);
                    NDArray y = targets.ints(batch, labels, from, count);
                    NDArray x = starts.floats(batch, start, 0, count * size, shape);
                    for (int s = 0; s < steps; s++) {
                        x = step(network, batch, x, x0, y);
                    }
                    System.arraycopy(x.toFloatArray(), 0, adversarial, from * size, count * size);
                }
            }
        } finally {
            network.zeroGradients();
        }
        return adversarial;
    }

    /** Foolbox's random start: x0 + U(−ε, ε) per value, clipped to the bounds; or x0 itself. */
    private void fillStart(float[] inputs, int offset, int length, float[] start, int startOffset,
                           SplittableRandom random) {
        for (int j = 0; j < length; j++) {
            float v = inputs[offset + j];
            if (randomStart) {
                v += (float) ((random.nextDouble() * 2 - 1) * epsilon);
            }
            start[startOffset + j] = bounds.clip(v);
        }
    }

    /**
     * One signed-gradient step from {@code x}, projected onto the ε-ball around {@code x0} and the bounds. The
     * step's temporaries (graph, gradient, the old {@code x}) live in a sub-manager closed here; the new
     * iterate is moved to {@code batch}.
     */
    private NDArray step(Classifier network, NDManager batch, NDArray x, NDArray x0, NDArray y) {
        try (NDManager temporaries = batch.newSubManager()) {
            x.attach(temporaries);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                gc.backward(loss.total(network.forward(x, false), y));
            }
            NDArray moved = x.add(Scalars.mul(x.getGradient().sign(), (float) stepSize()));
            NDArray next = moved.sub(x0).clip(-epsilon, epsilon).add(x0).clip(bounds.lower(), bounds.upper());
            next.attach(batch);
            return next;
        }
    }
}
