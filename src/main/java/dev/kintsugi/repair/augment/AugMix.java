package dev.kintsugi.repair.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * AugMix (Hendrycks et al., ICLR 2020; google-research/augmix {@code augmentations.py}, which both
 * DeepRepair's {@code repairing.py} and HybridRepair's {@code selection.py} copy): a mixed image
 * {@code (1 − m)·x + m·Σ_i w_i·chain_i(x)} with {@code w ~ Dirichlet(1, …, 1)} over {@code width} chains,
 * {@code m ~ Beta(1, 1)}, and each chain {@code depth} (1 to 3 at random) operations drawn uniformly from
 * autocontrast, equalize, posterize, rotate, solarize, shear x/y and translate x/y at {@code severity}.
 *
 * <p>Port notes. The originals work on 8-bit PIL images; here images are {@code [C, H, W]} floats in
 * [0, 1] (the loaders' pixel/255 scale), quantised to 256 levels where the operation is defined on levels
 * (autocontrast, equalize, posterize, solarize). Geometric operations sample bilinearly around pixel
 * centres and fill with 0, as PIL's affine transform with its default fill; translations are a third of the
 * image's own width (the original hard-codes {@code IMAGE_SIZE = 32}, CIFAR's width). Inputs with no image
 * layout (a rank-1 sample shape: tabular data) have none of these operations; for them every chain is the
 * identity, so the only augmentation left is DeepRepair's style image, if given.
 */
public final class AugMix {
    /** The original's {@code augmentations} list, in its order. */
    public static final List<String> OPERATIONS = List.of("autocontrast", "equalize", "posterize", "rotate",
            "solarize", "shear_x", "shear_y", "translate_x", "translate_y");

    private AugMix() {
    }

    /** True when AugMix's image operations exist for samples of this shape ({@code [C, H, W]}). */
    public static boolean isImage(int[] shape) {
        return shape.length == 3 && shape[1] > 1 && shape[2] > 1;
    }

    /**
     * One AugMix image of {@code x}. With {@code styled} non-null (DeepRepair), the style transfer is one
     * more operation in the list: a chain that draws it starts from {@code styled} and then applies its
     * other operations, as {@code aug} in DeepRepair's {@code repairing.py}.
     */
    public static float[] mix(float[] x, int[] shape, int width, int severity, float[] styled, SplittableRandom r) {
        boolean image = isImage(shape);
        int nOps = (image ? OPERATIONS.size() : 0) + (styled != null ? 1 : 0);
        double[] w = dirichletOnes(width, r);
        double m = r.nextDouble(); // Beta(1, 1)
        double[] mixed = new double[x.length];
        for (int i = 0; i < width; i++) {
            int depth = 1 + r.nextInt(3);
            List<Integer> ops = new ArrayList<>();
            boolean style = false;
            for (int d = 0; d < depth && nOps > 0; d++) {
                int op = r.nextInt(nOps);
                if (styled != null && op == nOps - 1) {
                    style = true;
                } else {
                    ops.add(op);
                }
            }
            float[] chain = style ? styled.clone() : x.clone();
            for (int op : ops) {
                chain = apply(OPERATIONS.get(op), chain, shape, severity, r);
            }
            for (int j = 0; j < x.length; j++) {
                mixed[j] += w[i] * chain[j];
            }
        }
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = (float) ((1 - m) * x[j] + m * mixed[j]);
        }
        return out;
    }

    /** Dirichlet(1, …, 1): normalised standard exponentials. */
    static double[] dirichletOnes(int n, SplittableRandom r) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = -Math.log(1 - r.nextDouble());
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** {@code sample_level}: uniform on [0.1, severity]. */
    private static double level(int severity, SplittableRandom r) {
        return 0.1 + r.nextDouble() * (severity - 0.1);
    }

    /** One named operation at {@code severity}, its random magnitude and sign drawn as the original draws them. */
    public static float[] apply(String op, float[] x, int[] shape, int severity, SplittableRandom r) {
        int size = shape[2];
        switch (op) {
            case "autocontrast":
                return perChannel(x, shape, AugMix::autocontrastLut);
            case "equalize":
                return perChannel(x, shape, AugMix::equalizeLut);
            case "posterize": {
                int bits = 4 - (int) (level(severity, r) * 4 / 10);
                return perChannel(x, shape, h -> posterizeLut(bits));
            }
            case "rotate": {
                double deg = (int) (level(severity, r) * 30 / 10);
                return affine(x, shape, rotation(r.nextDouble() > 0.5 ? -deg : deg, shape));
            }
            case "solarize": {
                int threshold = 256 - (int) (level(severity, r) * 256 / 10);
                return perChannel(x, shape, h -> solarizeLut(threshold));
            }
            case "shear_x": {
                double s = signed(level(severity, r) * 0.3 / 10, r);
                return affine(x, shape, new double[] {1, s, 0, 0, 1, 0});
            }
            case "shear_y": {
                double s = signed(level(severity, r) * 0.3 / 10, r);
                return affine(x, shape, new double[] {1, 0, 0, s, 1, 0});
            }
            case "translate_x": {
                double t = signed((int) (level(severity, r) * (size / 3.0) / 10), r);
                return affine(x, shape, new double[] {1, 0, t, 0, 1, 0});
            }
            case "translate_y": {
                double t = signed((int) (level(severity, r) * (size / 3.0) / 10), r);
                return affine(x, shape, new double[] {1, 0, 0, 0, 1, t});
            }
            default:
                throw new IllegalArgumentException("unknown AugMix operation " + op);
        }
    }

    private static double signed(double v, SplittableRandom r) {
        return r.nextDouble() > 0.5 ? -v : v;
    }

    /** A lookup table on 256 levels, built from one channel's histogram. */
    interface Lut {
        int[] of(int[] histogram);
    }

    private static float[] perChannel(float[] x, int[] shape, Lut lut) {
        int plane = shape[1] * shape[2];
        float[] out = new float[x.length];
        for (int c = 0; c < shape[0]; c++) {
            int[] levels = new int[plane];
            int[] h = new int[256];
            for (int p = 0; p < plane; p++) {
                levels[p] = (int) Math.round(Math.max(0, Math.min(1, x[c * plane + p])) * 255);
                h[levels[p]]++;
            }
            int[] t = lut.of(h);
            for (int p = 0; p < plane; p++) {
                out[c * plane + p] = t[levels[p]] / 255f;
            }
        }
        return out;
    }

    /** PIL {@code ImageOps.autocontrast(cutoff=0)}: stretch [min, max] to [0, 255]. */
    static int[] autocontrastLut(int[] h) {
        int lo = 0;
        while (lo < 256 && h[lo] == 0) {
            lo++;
        }
        int hi = 255;
        while (hi >= 0 && h[hi] == 0) {
            hi--;
        }
        int[] lut = identity();
        if (hi <= lo) {
            return lut;
        }
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int i = 0; i < 256; i++) {
            lut[i] = Math.max(0, Math.min(255, (int) (i * scale + offset)));
        }
        return lut;
    }

    /** PIL {@code ImageOps.equalize}. */
    static int[] equalizeLut(int[] h) {
        int last = 255;
        while (last >= 0 && h[last] == 0) {
            last--;
        }
        int total = 0;
        int nonZero = 0;
        for (int v : h) {
            total += v;
            nonZero += v > 0 ? 1 : 0;
        }
        int[] lut = identity();
        if (nonZero <= 1) {
            return lut;
        }
        int step = (total - h[last]) / 255;
        if (step == 0) {
            return lut;
        }
        int n = step / 2;
        for (int i = 0; i < 256; i++) {
            lut[i] = Math.min(255, n / step);
            n += h[i];
        }
        return lut;
    }

    static int[] posterizeLut(int bits) {
        int mask = ~((1 << (8 - bits)) - 1);
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i & mask;
        }
        return lut;
    }

    static int[] solarizeLut(int threshold) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i < threshold ? i : 255 - i;
        }
        return lut;
    }

    private static int[] identity() {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i;
        }
        return lut;
    }

    /** PIL {@code rotate(degrees)}: counter-clockwise about the centre, as an output-to-input affine map. */
    private static double[] rotation(double degrees, int[] shape) {
        double a = -Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double cx = shape[2] / 2.0;
        double cy = shape[1] / 2.0;
        return new double[] {cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy};
    }

    /**
     * PIL's {@code Image.transform(AFFINE, (a, b, c, d, e, f))}: output pixel centre (x, y) samples the
     * input at (a·x + b·y + c, d·x + e·y + f), bilinearly, 0 outside.
     */
    static float[] affine(float[] x, int[] shape, double[] t) {
        int channels = shape[0];
        int h = shape[1];
        int w = shape[2];
        float[] out = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double px = j + 0.5;
                double py = i + 0.5;
                double sx = t[0] * px + t[1] * py + t[2] - 0.5;
                double sy = t[3] * px + t[4] * py + t[5] - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < channels; c++) {
                    int base = c * h * w;
                    double v = (1 - fx) * (1 - fy) * at(x, base, w, h, x0, y0) + fx * (1 - fy) * at(x, base, w, h, x0 + 1, y0)
                            + (1 - fx) * fy * at(x, base, w, h, x0, y0 + 1) + fx * fy * at(x, base, w, h, x0 + 1, y0 + 1);
                    out[base + i * w + j] = (float) v;
                }
            }
        }
        return out;
    }

    private static double at(float[] x, int base, int w, int h, int col, int row) {
        return col < 0 || row < 0 || col >= w || row >= h ? 0 : x[base + row * w + col];
    }
}
