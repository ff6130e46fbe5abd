package dev.kintsugi.failures;

import dev.kintsugi.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A seeded, class-stratified sample: up to n samples of each class, in the data's order. */
public final class ClassSample {
    private ClassSample() {
    }

    public static Dataset perClass(Dataset data, int n, long seed, String name) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            final int cls = c;
            int[] members = IntStream.range(0, data.size()).filter(i -> data.label(i) == cls).toArray();
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
            }
            for (int j = 0; j < Math.min(n, members.length); j++) {
                picked.add(members[j]);
            }
        }
        return data.subset(name, picked.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
}
