package dev.kintsugi.repair.approaches;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code get_weight_mask}'s ranking rules on hand-made routings: an entry counts when its routing value is
 * above its tensor's mean, ties go to the entry the code's dictionary met first (Python's sort is stable),
 * and entries never counted are never fault weights.
 */
class InnerFaultCountsTest {
    @Test
    void ranksByCountThenByFirstCountedAndLeavesUncountedEntriesOut() {
        Inner.FaultCounts counts = new Inner.FaultCounts();
        counts.add(Map.of("k", new float[] {0.9f, 0.1f, 0.1f, 0.9f})); // mean 0.5: 0 and 3, in that order
        counts.add(Map.of("k", new float[] {0.1f, 0.9f, 0.1f, 0.1f})); // mean 0.3: 1
        counts.add(Map.of("k", new float[] {0.1f, 0.9f, 0.1f, 0.9f})); // mean 0.5: 1 and 3
        assertThat(new int[] {counts.count("k", 0), counts.count("k", 1), counts.count("k", 2), counts.count("k", 3)})
                .containsExactly(1, 2, 0, 2);
        // 1 and 3 tie on 2; 3 was counted first (first input), 1 only from the second
        assertThat(counts.mask(1).get("k")).containsExactly(0f, 0f, 0f, 1f);
        assertThat(counts.mask(2).get("k")).containsExactly(0f, 1f, 0f, 1f);
        // as released: every entry counted at least once, never one that was not
        assertThat(counts.mask(0).get("k")).containsExactly(1f, 1f, 0f, 1f);
        assertThat(counts.mask(10).get("k")).containsExactly(1f, 1f, 0f, 1f);
    }
}
