package dev.kintsugi.repair.cluster;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HeatmapClustersTest {
    @Test
    void separatesThreeBlobsAndAssignsOnlyInputsInsideACluster() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        float[][] points = new float[30][];
        for (int i = 0; i < points.length; i++) {
            float[] c = centres[i % 3];
            points[i] = new float[] {c[0] + (float) r.nextGaussian() * 0.5f, c[1] + (float) r.nextGaussian() * 0.5f};
        }
        HeatmapClusters clusters = HeatmapClusters.of(points, 20, HeatmapClusters.Knee.RAW);

        assertThat(clusters.k()).isEqualTo(3);
        // HUDD's default, the knee of the WICD curve's gradient, sits one k later on this curve
        assertThat(HeatmapClusters.of(points, 20).k()).isEqualTo(4);
        assertThat(clusters.sizes()).containsExactlyInAnyOrder(10, 10, 10);
        assertThat(clusters.assign(new float[] {10.1f, 0.1f})).isEqualTo(clusters.labels()[1]);
        assertThat(clusters.assign(new float[] {5, 5})).isEqualTo(-1);
    }
}
