package dev.kintsugi.repair.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WardLinkageTest {
    /** Points 0, 1, 5, 7, 20 on a line; Ward heights are sqrt(2·n_a·n_b/(n_a+n_b)) × centroid gap. */
    @Test
    void mergesAOneDimensionalExampleInWardOrderWithWardHeights() {
        float[][] points = {{0}, {1}, {5}, {7}, {20}};
        WardLinkage tree = WardLinkage.of(PairwiseDistances.euclidean(points));

        assertThat(tree.merges()).extracting(WardLinkage.Merge::a, WardLinkage.Merge::b)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(2, 3),
                        org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(0, 4));
        double[] heights = tree.merges().stream().mapToDouble(WardLinkage.Merge::height).toArray();
        assertThat(heights[0]).isCloseTo(1, within(1e-9));
        assertThat(heights[1]).isCloseTo(2, within(1e-9));
        assertThat(heights[2]).isCloseTo(5.5 * Math.sqrt(2), within(1e-9));
        assertThat(heights[3]).isCloseTo(16.75 * Math.sqrt(8.0 / 5), within(1e-9));
        assertThat(tree.labels(2)).containsExactly(0, 0, 0, 0, 1);
        assertThat(tree.labels(3)).containsExactly(0, 0, 1, 1, 2);
        assertThat(tree.labels(5)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void wicdWeighsEachClustersMeanPairwiseDistanceBySizeAndAveragesOverK() {
        float[][] points = {{0}, {1}, {5}, {7}, {20}};
        double[][] d = PairwiseDistances.euclidean(points);
        // clusters {0,1}, {5,7}, {20}: (2/5·1 + 2/5·2 + 0) / 3
        assertThat(Wicd.of(d, new int[] {0, 0, 1, 1, 2}, 3)).isCloseTo((0.4 + 0.8) / 3, within(1e-12));
    }
}
