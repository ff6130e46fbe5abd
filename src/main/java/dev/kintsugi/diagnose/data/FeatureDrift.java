package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-feature drift of tabular data: the two-sample Kolmogorov-Smirnov test (commons-math3: exact p-value
 * below 10,000 pairs of samples, asymptotic above; ties jittered by the library) and the
 * {@link PopulationStabilityIndex}, with Benjamini-Hochberg and Bonferroni adjusted p-values over the features.
 */
public final class FeatureDrift {
    /** One feature's numbers; {@code q} is the Benjamini-Hochberg adjusted p-value. */
    public record Row(int feature, double ks, double p, double q, double bonferroni, double psi) {
    }

    private FeatureDrift() {
    }

    public static List<Row> compare(Dataset reference, Dataset current, int bins) {
        int width = reference.sampleSize();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double[] statistic = new double[width];
        double[] p = new double[width];
        double[] psi = new double[width];
        for (int f = 0; f < width; f++) {
            double[] a = column(reference, f);
            double[] b = column(current, f);
            statistic[f] = ks.kolmogorovSmirnovStatistic(a, b);
            p[f] = ks.kolmogorovSmirnovTest(a, b);
            psi[f] = PopulationStabilityIndex.of(a, b, bins);
        }
        double[] q = MultipleTesting.benjaminiHochberg(p);
        double[] bonferroni = MultipleTesting.bonferroni(p);
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < width; f++) {
            rows.add(new Row(f, statistic[f], p[f], q[f], bonferroni[f], psi[f]));
        }
        return rows;
    }

    /** One feature of every sample. */
    public static double[] column(Dataset data, int feature) {
        int width = data.sampleSize();
        float[] x = data.featuresView();
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i * width + feature];
        }
        return out;
    }
}
