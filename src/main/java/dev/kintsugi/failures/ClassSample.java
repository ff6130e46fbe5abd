package dev.kintsugi.failures;

import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A seeded, class-stratified sample: up to n samples of each class, in the data's order. */
public final class ClassSample {
    private ClassSample() {
    }

    public static Dataset perClass(Dataset data, int n, long seed, String name) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        IntStream.Builder picked = IntStream.builder();
        for (int[] members : ClassIndices.byClass(data.labels(), data.numClasses())) {
            ClassIndices.shuffle(members, random);
            Arrays.stream(members, 0, Math.min(n, members.length)).forEach(picked);
        }
        return data.subset(name, picked.build().sorted().toArray());
    }
}
