package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;

import java.util.Arrays;

/**
 * A 64-bit hash of a sample's feature bits, for finding exact duplicates by bucketing. Equal hashes are
 * only candidates: {@link #sameFeatures} confirms byte equality, so a hash collision never reports a pair.
 */
public final class ContentHash {
    private ContentHash() {
    }

    /** Hash of sample {@code i}'s feature bits (a multiply-xorshift mix per value, order-sensitive). */
    public static long of(Dataset data, int i) {
        int size = data.sampleSize();
        float[] x = data.featuresView();
        long h = 0x9E3779B97F4A7C15L ^ size;
        for (int j = i * size; j < (i + 1) * size; j++) {
            h = (h ^ Float.floatToIntBits(x[j])) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    public static long[] all(Dataset data) {
        long[] out = new long[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of(data, i);
        }
        return out;
    }

    /** True if sample {@code i} of {@code a} and sample {@code j} of {@code b} have identical features. */
    public static boolean sameFeatures(Dataset a, int i, Dataset b, int j) {
        int size = a.sampleSize();
        return size == b.sampleSize() && Arrays.equals(a.featuresView(), i * size, (i + 1) * size, b.featuresView(),
                j * size, (j + 1) * size);
    }
}
