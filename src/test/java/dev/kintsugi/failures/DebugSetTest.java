package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebugSetTest {
    private static final Dataset DATA = FailureFakes.data("repair", 200, 1, 0);

    /** A model that is wrong on every third sample and on every sample of class 3 with an odd index. */
    private static int[] predictions() {
        int[] p = DATA.labels();
        for (int i = 0; i < p.length; i++) {
            if (i % 3 == 0 || (p[i] == 3 && i % 2 == 1)) {
                p[i] = (p[i] + 1) % 4;
            }
        }
        return p;
    }

    @Test
    void halvesAreDisjointCoverEveryFailureAndAreStratified() {
        int[] predicted = predictions();
        DebugSet d = DebugSet.of(DATA, predicted, 7);
        int[] failures = IntStream.range(0, DATA.size()).filter(i -> predicted[i] != DATA.label(i)).toArray();
        assertThat(d.failures()).containsExactly(failures);
        Set<Integer> seed = new HashSet<>();
        Arrays.stream(d.seedIdx()).forEach(seed::add);
        Set<Integer> union = new HashSet<>(seed);
        Arrays.stream(d.heldoutIdx()).forEach(union::add);
        assertThat(Arrays.stream(d.heldoutIdx()).noneMatch(seed::contains)).isTrue();
        assertThat(union).hasSize(failures.length);
        assertThat(Math.abs(d.seedIdx().length - d.heldoutIdx().length)).isLessThanOrEqualTo(1);
        for (int c = 0; c < 4; c++) {
            final int cls = c;
            long s = Arrays.stream(d.seedIdx()).filter(i -> DATA.label(i) == cls).count();
            long h = Arrays.stream(d.heldoutIdx()).filter(i -> DATA.label(i) == cls).count();
            assertThat(Math.abs(s - h)).as("class %d", c).isLessThanOrEqualTo(1);
        }
        assertThat(d.seedSet().size()).isEqualTo(d.seedIdx().length);
        assertThat(d.sourceAccuracy()).isEqualTo(1.0 - (double) failures.length / DATA.size());
    }

    @Test
    void theSeedDecidesTheSplit() {
        int[] predicted = predictions();
        assertThat(DebugSet.of(DATA, predicted, 7).seedIdx()).containsExactly(DebugSet.of(DATA, predicted, 7).seedIdx());
        assertThat(DebugSet.of(DATA, predicted, 7).seedIdx()).isNotEqualTo(DebugSet.of(DATA, predicted, 8).seedIdx());
    }

    @Test
    void aModelWithoutFailuresHasNoDebugSet() {
        assertThatThrownBy(() -> DebugSet.of(DATA, DATA.labels(), 0)).isInstanceOf(KintsugiException.class)
                .hasMessageContaining("fails on only 0");
    }
}
