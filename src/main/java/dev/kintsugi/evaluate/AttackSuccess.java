package dev.kintsugi.evaluate;

/**
 * How often an attack fooled one model: {@code successes} of {@code attacked} adversarial inputs were
 * misclassified (Foolbox's untargeted criterion). {@code ratePercent} is the ASR in percent, null when nothing
 * was attacked.
 */
public record AttackSuccess(String model, int attacked, int successes, Double ratePercent) {

    static AttackSuccess of(String model, Predictions adversarial) {
        int n = adversarial.size();
        int fooled = 0;
        for (int i = 0; i < n; i++) {
            fooled += adversarial.correct(i) ? 0 : 1;
        }
        return new AttackSuccess(model, n, fooled, n == 0 ? null : 100.0 * fooled / n);
    }
}
