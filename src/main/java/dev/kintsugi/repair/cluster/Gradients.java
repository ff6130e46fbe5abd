package dev.kintsugi.repair.cluster;

/**
 * HUDD's {@code gradientO4} (clusterModule.py) for a 1-D curve: fourth-order central differences
 * (f[i−2] − 8f[i−1] + 8f[i+1] − f[i+2]) / 12 inside, first differences on the two points at each end, all
 * divided by the sample spacing {@code dx}. HUDD calls it as {@code gradientO4(wicd, 4)}: dx = 4.
 */
public final class Gradients {
    private Gradients() {
    }

    /** The gradient, same length as {@code f} (at least 3 points), with numpy's slice assignments in order. */
    public static double[] gradientO4(double[] f, double dx) {
        int n = f.length;
        if (n < 3) {
            throw new IllegalArgumentException("gradientO4 needs at least 3 points");
        }
        double[] out = new double[n];
        for (int i = 2; i < n - 2; i++) {
            out[i] = (f[i - 2] - 8 * f[i - 1] + 8 * f[i + 1] - f[i + 2]) / 12.0;
        }
        // out[0:2] = f[1:3] - f[0:2], then out[-2:] = f[-2:] - f[-3:-1] (the later assignment wins for n = 3)
        out[0] = f[1] - f[0];
        out[1] = f[2] - f[1];
        out[n - 2] = f[n - 2] - f[n - 3];
        out[n - 1] = f[n - 1] - f[n - 2];
        for (int i = 0; i < n; i++) {
            out[i] /= dx;
        }
        return out;
    }
}
