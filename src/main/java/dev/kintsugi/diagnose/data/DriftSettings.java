package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;

import java.util.List;

/**
 * How the drift check tests.
 *
 * @param alpha        alarm when a (corrected) p-value is below this
 * @param maxSamples   images: at most this many samples from each side (a seeded random subset)
 * @param permutations MMD: number of random relabellings for the p-value
 * @param epochs       domain classifier: training epochs
 * @param imageMethod  images: {@code auto} (MMD on the model's embeddings when a model is given, else the domain
 *                     classifier), {@code mmd} or {@code domain-classifier}
 */
public record DriftSettings(double alpha, int maxSamples, int permutations, int epochs, String imageMethod) {
    public static final List<String> IMAGE_METHODS = List.of("auto", "mmd", "domain-classifier");

    public DriftSettings {
        require(alpha > 0 && alpha < 1, "alpha must lie in (0, 1), got " + alpha);
        require(maxSamples >= 4, "at least 4 samples per side are needed, got " + maxSamples);
        require(permutations >= 1, "permutations must be at least 1, got " + permutations);
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(IMAGE_METHODS.contains(imageMethod), "image drift method must be one of " + IMAGE_METHODS + ", got "
                + imageMethod);
    }

    public static DriftSettings defaults() {
        return new DriftSettings(0.05, 1000, 200, 10, "auto");
    }

    public DriftSettings withAlpha(double value) {
        return new DriftSettings(value, maxSamples, permutations, epochs, imageMethod);
    }

    public DriftSettings withImageMethod(String value) {
        return new DriftSettings(alpha, maxSamples, permutations, epochs, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new KintsugiException(message);
        }
    }
}
