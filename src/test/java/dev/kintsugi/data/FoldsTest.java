package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FoldsTest {
    @Test
    void stratifiedFoldsPartitionTheDataAndKeepClassProportions() {
        // 3 classes of 50, 30 and 7 samples, interleaved
        int[] labels = new int[87];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
        }
        List<Folds.Fold> folds = Folds.stratifiedKFold(labels, 3, 5, 7);
        assertThat(folds).hasSize(5);
        int[] seen = new int[labels.length];
        for (Folds.Fold f : folds) {
            assertThat(f.train().length + f.heldOut().length).isEqualTo(labels.length);
            assertThat(f.heldOut()).isSorted();
            Arrays.stream(f.heldOut()).forEach(i -> seen[i]++);
            int[] counts = new int[3];
            Arrays.stream(f.heldOut()).forEach(i -> counts[labels[i]]++);
            assertThat(counts[0]).isEqualTo(10);
            assertThat(counts[1]).isEqualTo(6);
            assertThat(counts[2]).isBetween(1, 2);
            assertThat(f.heldOut().length).isBetween(17, 18);
            boolean[] held = new boolean[labels.length];
            Arrays.stream(f.heldOut()).forEach(i -> held[i] = true);
            assertThat(Arrays.stream(f.train()).noneMatch(i -> held[i])).isTrue();
        }
        assertThat(seen).containsOnly(1);
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        int[] labels = new int[40];
        Arrays.setAll(labels, i -> i % 2);
        assertThat(Folds.stratifiedKFold(labels, 2, 4, 1).get(0).heldOut())
                .isEqualTo(Folds.stratifiedKFold(labels, 2, 4, 1).get(0).heldOut())
                .isNotEqualTo(Folds.stratifiedKFold(labels, 2, 4, 2).get(0).heldOut());
    }

    @Test
    void leaveOneOutHoldsOutEachSampleOnce() {
        List<Folds.Fold> folds = Folds.leaveOneOut(4);
        assertThat(folds).hasSize(4);
        for (int f = 0; f < 4; f++) {
            assertThat(folds.get(f).heldOut()).containsExactly(f);
            assertThat(folds.get(f).train()).hasSize(3).doesNotContain(f);
        }
    }

    @Test
    void tooFewFoldsOrSamplesAreOneLineErrors() {
        assertThatThrownBy(() -> Folds.stratifiedKFold(new int[10], 1, 1, 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("at least 2 folds");
        assertThatThrownBy(() -> Folds.stratifiedKFold(new int[3], 1, 5, 0)).isInstanceOf(KintsugiException.class);
        assertThatThrownBy(() -> Folds.leaveOneOut(1)).isInstanceOf(KintsugiException.class);
    }
}
