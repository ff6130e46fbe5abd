package dev.kintsugi.evaluate;

/**
 * How often an attack fooled one model: {@code successes} of {@code attacked} adversarial inputs were
 * misclassified (Foolbox's untargeted criterion). {@code ratePercent} is the ASR in percent, null when nothing
 * was attacked.
 */
public record AttackSuccess(String model, int attacked, int successes, Double ratePercent) {

    static AttackSuccess of(String model, boolean[] fooled) {
        int fooledCount = 0;
        for (boolean f : fooled) {
            fooledCount += f ? 1 : 0;
        }
        return new AttackSuccess(model, fooled.length, fooledCount, fooled.length == 0 ? null : 100.0 * fooledCount / fooled.length);
    }

    static AttackSuccess of(String model, Predictions adversarial) {
        boolean[] fooled = new boolean[adversarial.size()];
        for (int i = 0; i < fooled.length; i++) {
            fooled[i] = !adversarial.correct(i);
        }
        return of(model, fooled);
    }
}
