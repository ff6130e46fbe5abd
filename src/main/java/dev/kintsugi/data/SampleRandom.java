package dev.kintsugi.data;

import java.util.SplittableRandom;

/**
 * One generator per generated sample, derived from the dataset seed, the split and the sample's index, so
 * samples can be rendered in parallel and in any order and still come out the same for a seed.
 */
final class SampleRandom {
    private SampleRandom() {
    }

    static SplittableRandom of(long seed, int part, int index) {
        // SplittableRandom mixes its seed (a 64-bit finaliser), so nearby inputs give unrelated streams.
        long key = seed * 0x9E3779B97F4A7C15L + (part + 1L) * 0xBF58476D1CE4E5B9L + (index + 1L) * 0x94D049BB133111EBL;
        return new SplittableRandom(key);
    }
}
