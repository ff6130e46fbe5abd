package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;

import java.util.Locale;

/**
 * What a comparison measures beyond correctness.
 *
 * @param attack          {@code pgd}, {@code fgsm} or {@code none}
 * @param epsilon         L∞ budget in raw input units (Fashion-MNIST: 0.15 on [0, 1] pixels); for tabular
 *                        data, in standardised feature units with bounds from the data
 * @param attackInputs    at most this many inputs attacked (the study: 500)
 * @param seed            seeds the draw of attacked inputs, PGD's random start and corruption noise
 * @param studyVariant    PGD's loss over softmax probabilities, as the study's Keras models had it
 * @param sensitive       attribute for fairness, or null
 * @param privileged      the privileged group's value, or null for the larger group
 * @param favourableClass for binary tasks, the favourable label's index (SPD, DI, EOD), or null
 * @param corruptions     whether to measure accuracy under common image corruptions
 */
public record ComparisonSettings(String attack, double epsilon, int attackInputs, long seed, boolean studyVariant,
                                 String sensitive, String privileged, Integer favourableClass, boolean corruptions) {

    public ComparisonSettings {
        attack = attack.toLowerCase(Locale.ROOT);
        if (!attack.equals("pgd") && !attack.equals("fgsm") && !attack.equals("none")) {
            throw new KintsugiException("--attack must be pgd, fgsm or none, got " + attack);
        }
        if (!(epsilon >= 0)) {
            throw new KintsugiException("--eps must be a number of at least 0, got " + epsilon);
        }
        if (attackInputs < 1) {
            throw new KintsugiException("--attack-inputs must be at least 1");
        }
    }

    /** The study's evaluation for Fashion-MNIST-like images: PGD at ε = 0.15 on 500 inputs, corruptions on. */
    public static ComparisonSettings studyDefaults() {
        return new ComparisonSettings("pgd", 0.15, Robustness.STUDY_INPUTS, 0, false, null, null, null, true);
    }

    /** The attack configured for data whose raw values lie within {@code bounds}. */
    public Attack attackFor(Bounds bounds) {
        AttackLoss loss = studyVariant ? AttackLoss.CROSS_ENTROPY_ON_PROBABILITIES : AttackLoss.CROSS_ENTROPY_ON_LOGITS;
        return switch (attack) {
            case "pgd" -> Pgd.linf(epsilon).withBounds(bounds).withSeed(seed).withLoss(loss);
            case "fgsm" -> new Fgsm(epsilon, loss, bounds, Pgd.DEFAULT_BATCH);
            default -> null;
        };
    }
}
