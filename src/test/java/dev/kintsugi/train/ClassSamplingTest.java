package dev.kintsugi.train;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Network;
import dev.kintsugi.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassSamplingTest {
    /** 60 samples of class 0, 10 of class 1, 5 of class 2. */
    static final int[] LABELS = labels();

    static int[] labels() {
        int[] l = new int[75];
        for (int i = 0; i < l.length; i++) {
            l[i] = i < 60 ? 0 : i < 70 ? 1 : 2;
        }
        return l;
    }

    static int[] mix(int[] order, int[] labels, int k) {
        int[] counts = new int[k];
        for (int i : order) {
            counts[labels[i]]++;
        }
        return counts;
    }

    @Test
    void noneVisitsEverySampleOnce() {
        int[] order = new ClassSampling("none", LABELS, 3).nextEpoch(new SplittableRandom(1));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(java.util.stream.IntStream.range(0, 75).toArray());
    }

    @Test
    void oversamplingRaisesEveryClassToTheLargestAndKeepsAllSamples() {
        ClassSampling s = new ClassSampling("oversample", LABELS, 3);
        int[] order = s.nextEpoch(new SplittableRandom(1));
        assertThat(s.epochSize()).isEqualTo(180);
        assertThat(mix(order, LABELS, 3)).containsExactly(60, 60, 60);
        assertThat(Arrays.stream(order).distinct().count()).isEqualTo(75);
    }

    @Test
    void undersamplingCutsEveryClassToTheSmallestWithoutRepeats() {
        ClassSampling s = new ClassSampling("undersample", LABELS, 3);
        SplittableRandom random = new SplittableRandom(1);
        int[] first = s.nextEpoch(random);
        assertThat(mix(first, LABELS, 3)).containsExactly(5, 5, 5);
        assertThat(Arrays.stream(first).distinct().count()).isEqualTo(15);
        // a fresh subset of the large class each epoch
        assertThat(Arrays.stream(s.nextEpoch(random)).sorted().toArray()).isNotEqualTo(Arrays.stream(first).sorted()
                .toArray());
    }

    @Test
    void trainingSeesTheRebalancedMix() {
        Dataset data = imbalanced();
        for (String mode : new String[] {"none", "oversample", "undersample"}) {
            int[] seen = new int[3];
            TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(16).withSampling(mode);
            try (Network network = Network.create(TestData.spec("mlp", Map.of(), data), 1)) {
                new Trainer(config).addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchEvent e) {
                        for (int y : e.labels().toIntArray()) {
                            seen[y]++;
                        }
                    }
                }).fit(network, data, null);
            }
            switch (mode) {
                case "none" -> assertThat(seen).containsExactly(60, 10, 5);
                case "oversample" -> assertThat(seen).containsExactly(60, 60, 60);
                default -> assertThat(seen).containsExactly(5, 5, 5);
            }
        }
    }

    @Test
    void unknownModeIsRejected() {
        assertThatThrownBy(() -> TrainingConfig.defaults().withSampling("smote"))
                .hasMessageContaining("--sampling must be one of none, oversample, undersample");
    }

    private static Dataset imbalanced() {
        Dataset blobs = TestData.blobs("blobs", 180, 4, 3, 2);
        int[] keep = java.util.stream.IntStream.range(0, blobs.size())
                .filter(i -> blobs.label(i) == 0 || (blobs.label(i) == 1 && i < 30) || (blobs.label(i) == 2 && i < 15))
                .toArray();
        Dataset d = blobs.subset("imbalanced", keep);
        assertThat(d.classCounts()).containsExactly(60, 10, 5);
        return d;
    }
}
