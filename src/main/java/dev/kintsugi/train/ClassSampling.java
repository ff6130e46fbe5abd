package dev.kintsugi.train;

import dev.kintsugi.data.ClassIndices;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The order in which one epoch visits the training samples, optionally rebalancing the classes
 * (a fix for class imbalance that leaves the data untouched):
 * <ul>
 *   <li>{@code none}: every sample once, shuffled;</li>
 *   <li>{@code oversample}: every sample once plus random repeats (drawn with replacement within the
 *       class) until each present class has as many visits as the largest class;</li>
 *   <li>{@code undersample}: each present class contributes a fresh random subset (without
 *       replacement) the size of the smallest present class.</li>
 * </ul>
 * The epoch size is fixed by the class counts, so the learning-rate schedule sees a constant number of steps.
 */
public final class ClassSampling {
    public static final List<String> MODES = List.of("none", "oversample", "undersample");

    private final String mode;
    private final int[][] byClass;
    private final int epochSize;
    /** Visits per present class in an oversampled or undersampled epoch. */
    private final int target;

    public ClassSampling(String mode, int[] labels, int numClasses) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown sampling mode " + mode);
        }
        this.mode = mode;
        this.byClass = ClassIndices.byClass(labels, numClasses);
        int present = 0;
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int[] members : byClass) {
            if (members.length > 0) {
                present++;
                max = Math.max(max, members.length);
                min = Math.min(min, members.length);
            }
        }
        this.target = switch (mode) {
            case "oversample" -> max;
            case "undersample" -> present == 0 ? 0 : min;
            default -> 0;
        };
        this.epochSize = mode.equals("none") ? labels.length : present * target;
    }

    /** Samples visited per epoch. */
    public int epochSize() {
        return epochSize;
    }

    /** The next epoch's visiting order: indices into the training split, {@link #epochSize()} of them. */
    public int[] nextEpoch(SplittableRandom random) {
        int[] order = new int[epochSize];
        if (mode.equals("none")) {
            // identity then shuffle: exactly the order the trainer used before sampling modes existed
            for (int i = 0; i < epochSize; i++) {
                order[i] = i;
            }
            ClassIndices.shuffle(order, random);
            return order;
        }
        int at = 0;
        for (int[] members : byClass) {
            if (members.length == 0) {
                continue;
            }
            switch (mode) {
                case "oversample" -> {
                    System.arraycopy(members, 0, order, at, members.length);
                    at += members.length;
                    for (int k = members.length; k < target; k++) {
                        order[at++] = members[random.nextInt(members.length)];
                    }
                }
                case "undersample" -> {
                    int[] pool = members.clone();
                    for (int k = 0; k < target; k++) {
                        int j = k + random.nextInt(pool.length - k);
                        int t = pool[k];
                        pool[k] = pool[j];
                        pool[j] = t;
                        order[at++] = pool[k];
                    }
                }
                default -> throw new IllegalStateException(mode);
            }
        }
        ClassIndices.shuffle(order, random);
        return order;
    }

}
