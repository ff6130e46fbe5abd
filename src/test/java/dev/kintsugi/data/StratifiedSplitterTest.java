package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StratifiedSplitterTest {
    private static final List<String> TEN = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Label-only dataset: shape {1} keeps 60k samples cheap. */
    private static Dataset labelsOnly(String name, int[] labels, List<String> classNames) {
        return new Dataset(name, new int[] {1}, new float[labels.length], labels, classNames);
    }

    private static int[] skewedLabels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 13 < 9 ? 0 : (i % 3 == 0 ? 1 : 2);
        }
        return labels;
    }

    @Test
    void studySizesForTrainAndTestFiles() {
        Dataset train = labelsOnly("fashion-mnist/train-file", IdxFixtures.cyclicLabels(60_000, 10), TEN);
        Dataset test = labelsOnly("fashion-mnist/test-file", IdxFixtures.cyclicLabels(10_000, 10), TEN);

        Splits s = StratifiedSplitter.fourWay(train, test, 0);

        assertThat(s.train().size()).isEqualTo(54_000);
        assertThat(s.valid().size()).isEqualTo(6_000);
        assertThat(s.repair().size()).isEqualTo(5_000);
        assertThat(s.test().size()).isEqualTo(5_000);
        assertThat(s.train().classCounts()).containsOnly(5_400);
        assertThat(s.test().classCounts()).containsOnly(500);
        assertThat(s.train().name()).isEqualTo("fashion-mnist/train");
        assertThat(s.repair().name()).isEqualTo("fashion-mnist/repair");
    }

    @Test
    void partsAreStratifiedWithinOnePerClass() {
        int[] labels = skewedLabels(1_001);
        Dataset all = labelsOnly("skewed", labels, List.of("a", "b", "c"));
        int[] total = all.classCounts();

        StratifiedSplitter.Parts parts = StratifiedSplitter.split(all, 0.3, 5, "x", "y");

        int[] first = parts.first().classCounts();
        for (int c = 0; c < total.length; c++) {
            assertThat((double) first[c]).isCloseTo(0.3 * total[c], org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(parts.first().size() + parts.second().size()).isEqualTo(1_001);
    }

    @Test
    void sameSeedSameIndicesDifferentSeedDifferent() {
        int[] labels = skewedLabels(500);
        StratifiedSplitter.Partition a = StratifiedSplitter.partition(labels, 3, 0.5, 42);
        StratifiedSplitter.Partition b = StratifiedSplitter.partition(labels, 3, 0.5, 42);
        StratifiedSplitter.Partition c = StratifiedSplitter.partition(labels, 3, 0.5, 43);

        assertThat(a.first()).containsExactly(b.first());
        assertThat(a.second()).containsExactly(b.second());
        assertThat(a.first()).isNotEqualTo(c.first());
        assertThat(a.first()).isSorted();
        assertThat(a.second()).isSorted();
    }

    @Test
    void singleFileSplitCoversEverySampleOnce() {
        int[] labels = skewedLabels(1_000);
        Dataset all = labelsOnly("credit", labels, List.of("a", "b", "c"));

        Splits s = StratifiedSplitter.fourWay(all, 0);

        assertThat(s.train().size() + s.valid().size() + s.repair().size() + s.test().size()).isEqualTo(1_000);
        // Rounding is per class, so each part may differ from 72/8/10/10 by one sample per class.
        assertThat(s.train().size()).isBetween(717, 723);
        assertThat(s.test().size()).isBetween(97, 103);
        assertThat(s.source()).startsWith("credit");
    }

    @Test
    void emptySplitIsReported() {
        List<Integer> few = new ArrayList<>(List.of(0, 1, 0, 1));
        int[] labels = few.stream().mapToInt(Integer::intValue).toArray();
        Dataset tiny = labelsOnly("tiny", labels, List.of("a", "b"));

        assertThatThrownBy(() -> StratifiedSplitter.fourWay(tiny, 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("tiny/").hasMessageContaining("is empty; the dataset has too few samples");
    }
}
