package dev.kintsugi.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * Random training-time augmentation with its own seeded generator, so that its randomness can be varied
 * (or held fixed) independently of initialisation and data order. One instance per training run: it
 * draws from its generator batch after batch, so a fresh instance with the same seed repeats the run.
 *
 * <ul>
 *   <li><b>Images</b> ({@code [n, c, h, w]} batches): each sample is shifted by a random whole number of
 *       pixels in {@code [-maxShift, maxShift]} in each direction, filling uncovered pixels with 0 (the
 *       background of MNIST-like data); no flips, because flipping changes the meaning of digits and
 *       letters.</li>
 *   <li><b>Tabular</b> (any other shape): Gaussian noise with standard deviation {@code noiseStd} is added to
 *       every feature; features are standardised by the loader, so 0.05 is 5% of a feature's spread.</li>
 * </ul>
 * The defaults ({@link #standard}: 2 pixels, σ = 0.05) are deliberately mild: they perturb the training
 * signal without changing the task. {@link #gaussianNoise} adds noise to images too (AUTOTRAINER's input-noise
 * fix, through {@link TrainingConfig#inputNoise()}).
 */
public final class Augmentation {
    public static final int DEFAULT_MAX_SHIFT = 2;
    public static final double DEFAULT_NOISE_STD = 0.05;

    private final SplittableRandom random;
    private final int maxShift;
    private final double noiseStd;
    private final boolean noiseOnImages;

    public Augmentation(long seed, int maxShift, double noiseStd) {
        this(seed, maxShift, noiseStd, false);
    }

    private Augmentation(long seed, int maxShift, double noiseStd, boolean noiseOnImages) {
        if (maxShift < 0 || !(noiseStd >= 0)) {
            throw new IllegalArgumentException("augmentation needs maxShift >= 0 and noiseStd >= 0");
        }
        this.random = new SplittableRandom(seed);
        this.maxShift = maxShift;
        this.noiseStd = noiseStd;
        this.noiseOnImages = noiseOnImages;
    }

    /** Gaussian noise of standard deviation {@code std} on every input, images included; no shifts. */
    public static Augmentation gaussianNoise(long seed, double std) {
        return new Augmentation(seed, 0, std, true);
    }

    /** Shifts of up to {@value #DEFAULT_MAX_SHIFT} pixels for images, noise σ = {@value #DEFAULT_NOISE_STD} otherwise. */
    public static Augmentation standard(long seed) {
        return new Augmentation(seed, DEFAULT_MAX_SHIFT, DEFAULT_NOISE_STD);
    }

    /** An augmented copy of a batch, made in {@code manager}. */
    public NDArray apply(NDManager manager, NDArray batch) {
        float[] x = batch.toFloatArray();
        long[] shape = batch.getShape().getShape();
        boolean image = shape.length == 4 && !noiseOnImages;
        float[] out = image ? shiftImages(x, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3])
                : addNoise(x);
        return manager.create(out, batch.getShape());
    }

    private float[] shiftImages(float[] x, int n, int channels, int h, int w) {
        float[] out = new float[x.length];
        int size = channels * h * w;
        for (int s = 0; s < n; s++) {
            int dy = random.nextInt(-maxShift, maxShift + 1);
            int dx = random.nextInt(-maxShift, maxShift + 1);
            for (int c = 0; c < channels; c++) {
                int base = s * size + c * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y - dy;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int xx = 0; xx < w; xx++) {
                        int sx = xx - dx;
                        if (sx >= 0 && sx < w) {
                            out[base + y * w + xx] = x[base + sy * w + sx];
                        }
                    }
                }
            }
        }
        return out;
    }

    private float[] addNoise(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] + noiseStd * gaussian());
        }
        return out;
    }

    /** Box-Muller, so the draws depend only on this generator. */
    private double gaussian() {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
