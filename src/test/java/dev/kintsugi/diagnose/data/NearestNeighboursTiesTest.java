package dev.kintsugi.diagnose.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NearestNeighboursTiesTest {
    @Test
    void equalScoresComeInIndexOrderWhateverOrderTheKernelGave() {
        float[] values = {5f, 3f, 3f, 3f, 1f, /* row 2 */ 2f, 2f, 0f, 0f, -1f};
        long[] idx = {7, 9, 2, 4, 0, /* row 2 */ 8, 1, 6, 3, 5};
        NearestNeighbours.breakTiesByIndex(values, idx, 5);
        assertThat(idx).containsExactly(7, 2, 4, 9, 0, 1, 8, 3, 6, 5);
        assertThat(values).containsExactly(5f, 3f, 3f, 3f, 1f, 2f, 2f, 0f, 0f, -1f);
    }

    @Test
    void duplicateReferencesGetTheSameNeighboursInIndexOrder() {
        // Query equals references 1, 2 and 3 exactly: distances tie at 0.
        float[] refs = {5f, 5f, 1f, 1f, 1f, 1f, 1f, 1f, 9f, 9f};
        var r = NearestNeighbours.find(new float[] {1f, 1f}, refs, 2, 3, false, n -> { });
        assertThat(r.indices()).containsExactly(1, 2, 3);
    }
}
