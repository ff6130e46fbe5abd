package dev.kintsugi.repair.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KMeansTest {
    @Test
    void separatesTwoBlobsAndFindsTheirCentres() {
        double[][] p = {{0, 0}, {0, 1}, {1, 0}, {10, 10}, {10, 11}, {11, 10}};
        KMeans.Result r = KMeans.cluster(p, 2, 100, 3, 1);
        assertThat(r.k()).isEqualTo(2);
        assertThat(r.labels()[0]).isEqualTo(r.labels()[1]).isEqualTo(r.labels()[2]).isNotEqualTo(r.labels()[3]);
        assertThat(r.labels()[3]).isEqualTo(r.labels()[4]).isEqualTo(r.labels()[5]);
        int far = r.labels()[3];
        assertThat(r.centroids()[far][0]).isCloseTo(31 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.members(far)).containsExactly(3, 4, 5);
        assertThat(KMeans.nearest(p, new double[] {9, 9})).isEqualTo(3);
        // more clusters than points: one per point
        assertThat(KMeans.cluster(new double[][] {{0}, {1}}, 5, 10, 1, 1).k()).isEqualTo(2);
    }

    @Test
    void dbscanCountsThePointItselfAsSklearnDoes() {
        double[][] p = {{0}, {0.1}, {0.2}, {5}, {10}};
        // min_samples 3 with the point itself: 0.1 is core (0, 0.1, 0.2), 0 and 0.2 border, 5 and 10 noise
        assertThat(KMeans.dbscan(p, 0.15, 3)).containsExactly(0, 0, 0, -1, -1);
        assertThat(KMeans.dbscan(p, 0.15, 4)).containsExactly(-1, -1, -1, -1, -1);
    }
}
