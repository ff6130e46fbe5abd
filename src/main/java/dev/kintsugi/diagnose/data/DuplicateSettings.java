package dev.kintsugi.diagnose.data;

import dev.kintsugi.KintsugiException;

/**
 * Thresholds of the duplicate search.
 *
 * @param maxPixelDistance     images: the largest shift-tolerant pixel RMS (values in [0, 1]) at which two
 *                             images count as near-duplicates
 * @param maxShift             images: the largest translation, in pixels, that the pixel distance forgives
 * @param candidates           images: nearest neighbours per image, on 7x7-ish thumbnails, that are verified
 * @param maxHamming           images: perceptual-hash Hamming distance up to which a pair is also verified
 * @param maxFeatureDistance   tabular data: the largest RMS difference over standardised features
 * @param maxEmbeddingDistance with a model: the largest cosine distance between penultimate-layer features
 */
public record DuplicateSettings(double maxPixelDistance, int maxShift, int candidates, int maxHamming,
                                double maxFeatureDistance, double maxEmbeddingDistance) {
    public DuplicateSettings {
        require(maxPixelDistance >= 0 && maxPixelDistance < 1, "pixel distance threshold must lie in [0, 1), got "
                + maxPixelDistance);
        require(maxShift >= 0 && maxShift <= 4, "the forgiven shift must be 0..4 pixels, got " + maxShift);
        require(candidates >= 1 && candidates <= 50, "candidates per image must be 1..50, got " + candidates);
        require(maxHamming >= 0 && maxHamming <= 64, "Hamming threshold must be 0..64, got " + maxHamming);
        require(maxFeatureDistance >= 0, "feature distance threshold must not be negative");
        require(maxEmbeddingDistance >= 0 && maxEmbeddingDistance <= 2, "cosine distance threshold must lie in [0, 2]");
    }

    /** Defaults calibrated on Fashion-MNIST (docs/BENCHMARKS.md, "Data doctor: duplicates, leakage and drift"). */
    public static DuplicateSettings defaults() {
        return new DuplicateSettings(0.04, 1, 5, 4, 0.05, 0.001);
    }

    public DuplicateSettings withMaxPixelDistance(double value) {
        return new DuplicateSettings(value, maxShift, candidates, maxHamming, maxFeatureDistance, maxEmbeddingDistance);
    }

    public DuplicateSettings withMaxEmbeddingDistance(double value) {
        return new DuplicateSettings(maxPixelDistance, maxShift, candidates, maxHamming, maxFeatureDistance, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new KintsugiException(message);
        }
    }
}
