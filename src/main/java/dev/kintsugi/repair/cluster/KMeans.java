package dev.kintsugi.repair.cluster;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

import java.util.List;

/**
 * k-means with k-means++ seeding (the {@code sklearn.cluster.KMeans(init='k-means++')} that DeepRepair and
 * HybridRepair call) and DBSCAN, on commons-math, seeded so that a repair is reproducible. sklearn runs
 * k-means++ with {@code n_init} restarts and keeps the lowest inertia; this runs {@code restarts} seeded
 * restarts the same way.
 */
public final class KMeans {
    /** Cluster of each point and the centroids. */
    public record Result(int[] labels, double[][] centroids) {
        public int k() {
            return centroids.length;
        }

        /** Indices of the points in cluster {@code c}, ascending. */
        public int[] members(int c) {
            return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
        }
    }

    private record Point(int index, double[] values) implements Clusterable {
        @Override
        public double[] getPoint() {
            return values;
        }
    }

    private KMeans() {
    }

    /** k-means of {@code points} into {@code min(k, n)} clusters, best of {@code restarts} seeded runs. */
    public static Result cluster(double[][] points, int k, int maxIterations, int restarts, long seed) {
        int n = points.length;
        if (n == 0) {
            throw new IllegalArgumentException("nothing to cluster");
        }
        int kk = Math.min(k, n);
        List<Point> data = wrap(points);
        Result best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int run = 0; run < Math.max(1, restarts); run++) {
            KMeansPlusPlusClusterer<Point> km = new KMeansPlusPlusClusterer<>(kk, maxIterations,
                    new EuclideanDistance(), new Well19937c(seed + run));
            List<CentroidCluster<Point>> clusters = km.cluster(data);
            int[] labels = new int[n];
            double[][] centroids = new double[clusters.size()][];
            double inertia = 0;
            for (int c = 0; c < clusters.size(); c++) {
                centroids[c] = clusters.get(c).getCenter().getPoint();
                for (Point p : clusters.get(c).getPoints()) {
                    labels[p.index()] = c;
                    inertia += squared(p.values(), centroids[c]);
                }
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = new Result(labels, centroids);
            }
        }
        return best;
    }

    /**
     * DBSCAN labels: the cluster of each point, or −1 for noise. commons-math counts a point's neighbours
     * without the point itself, sklearn's {@code min_samples} with it, so {@code minSamples − 1} is passed.
     */
    public static int[] dbscan(double[][] points, double eps, int minSamples) {
        DBSCANClusterer<Point> db = new DBSCANClusterer<>(eps, Math.max(0, minSamples - 1), new EuclideanDistance());
        int[] labels = new int[points.length];
        java.util.Arrays.fill(labels, -1);
        List<org.apache.commons.math3.ml.clustering.Cluster<Point>> clusters = db.cluster(wrap(points));
        for (int c = 0; c < clusters.size(); c++) {
            for (Point p : clusters.get(c).getPoints()) {
                labels[p.index()] = c;
            }
        }
        return labels;
    }

    /** Index of the point nearest to {@code centre} (Euclidean), the first one on ties. */
    public static int nearest(double[][] points, double[] centre) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < points.length; i++) {
            double d = squared(points[i], centre);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static List<Point> wrap(double[][] points) {
        List<Point> data = new java.util.ArrayList<>(points.length);
        for (int i = 0; i < points.length; i++) {
            data.add(new Point(i, points[i]));
        }
        return data;
    }

    static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
