package dev.kintsugi.repair.approaches;

import dev.kintsugi.data.Dataset;

import java.util.stream.IntStream;

/** Small helpers for choosing which samples an approach looks at. */
final class Subsets {
    private Subsets() {
    }

    /** The first {@code n} samples (all if fewer); splits are already shuffled and stratified. */
    static Dataset first(Dataset data, int n) {
        if (n >= data.size()) {
            return data;
        }
        return data.subset(data.name() + "/first" + n, IntStream.range(0, n).toArray());
    }
}
