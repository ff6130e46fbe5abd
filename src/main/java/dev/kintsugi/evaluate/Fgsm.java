package dev.kintsugi.evaluate;

import dev.kintsugi.model.Classifier;

import java.util.Locale;

/**
 * The fast gradient sign method: one step of size ε along the sign of the input gradient, clipped to the
 * bounds. Foolbox 3's {@code LinfFastGradientAttack} is its LinfPGD with one step, relative step size 1 and
 * no random start, and so is this.
 */
public record Fgsm(double epsilon, AttackLoss loss, Bounds bounds, int batchSize) implements Attack {

    /** FGSM at budget ε on logits, bounds [0, 1]. */
    public static Fgsm linf(double epsilon) {
        return new Fgsm(epsilon, AttackLoss.CROSS_ENTROPY_ON_LOGITS, Bounds.UNIT, Pgd.DEFAULT_BATCH);
    }

    public Fgsm withBounds(Bounds b) {
        return new Fgsm(epsilon, loss, b, batchSize);
    }

    public Fgsm withLoss(AttackLoss l) {
        return new Fgsm(epsilon, l, bounds, batchSize);
    }

    /** The equivalent PGD: one step of relative size 1 from the input itself. */
    public Pgd asPgd() {
        return new Pgd(epsilon, 1, 1.0, false, loss, bounds, 0, batchSize);
    }

    @Override
    public float[] perturb(Classifier network, float[] inputs, int[] labels) {
        return asPgd().perturb(network, inputs, labels);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "FGSM eps=%s loss=%s bounds=[%s, %s]", epsilon,
                loss.name().toLowerCase(Locale.ROOT), bounds.lower(), bounds.upper());
    }
}
