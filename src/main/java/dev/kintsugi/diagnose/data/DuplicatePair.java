package dev.kintsugi.diagnose.data;

/**
 * Two samples that are the same or nearly the same: {@code first} always lies in the training split,
 * {@code second} in the training split too (a duplicate within it) or in valid, repair or test (leakage).
 *
 * @param kind     {@code exact} (identical features) or {@code near}
 * @param method   what found it: {@code content-hash}, {@code thumbnail-nn}, {@code phash},
 *                 {@code feature-nn} (tabular) or {@code embedding-nn} (the model's penultimate layer)
 * @param distance the distance that was compared with the threshold: 0 for exact pairs, the shift-tolerant
 *                 pixel RMS for images, RMS over standardised features for tabular data, cosine distance
 *                 for embeddings
 */
public record DuplicatePair(String firstSplit, int first, String secondSplit, int second, String kind,
                            String method, double distance) {
    public static final String EXACT = "exact";
    public static final String NEAR = "near";

    public boolean withinTrain() {
        return firstSplit.equals(secondSplit);
    }

    /** Identity of the pair regardless of kind and method. */
    String key() {
        return firstSplit + ':' + first + '|' + secondSplit + ':' + second;
    }
}
