package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.data.backgrounds.BackgroundRenderer;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code fashion-bg}: Fashion-MNIST items composited in colour onto named procedural backgrounds, a benchmark
 * with a planted spurious correlation (after the "waterbirds"-style setting of Chegini &amp; Feizi). Class
 * {@code c} has the common background {@code Background.values()[c]}. In the train split each item is drawn
 * on its class's common background with probability {@value #COMMON_SHARE} and on one of the other
 * backgrounds, uniformly, otherwise; valid, repair and test draw the background uniformly from all of them,
 * so a model that leans on the background fails on the rare class/background pairs.
 *
 * <p>The split is Fashion-MNIST's own four-way split for the same seed; every sample records its background
 * in the attribute {@value #ATTRIBUTE}. Images are {@code [3, 28, 28]} in [0, 1], rendered on the fly by
 * {@link BackgroundRenderer} (seventy thousand take a few seconds), each from its own generator seeded by
 * the seed, the split and its index, so the same seed gives the same images.
 */
public final class FashionBackgrounds {
    public static final String NAME = "fashion-bg";
    public static final String ATTRIBUTE = "background";
    public static final double COMMON_SHARE = 0.9;

    private FashionBackgrounds() {
    }

    public static Splits load(long seed) {
        return compose(FashionMnist.load(seed), seed);
    }

    /** Composites the grey {@code [1, 28, 28]} items of {@code grey}'s four splits. */
    public static Splits compose(Splits grey, long seed) {
        Dataset train = compose(grey.train(), "train", true, seed, 0);
        Dataset valid = compose(grey.valid(), "valid", false, seed, 1);
        Dataset repair = compose(grey.repair(), "repair", false, seed, 2);
        Dataset test = compose(grey.test(), "test", false, seed, 3);
        return new Splits(NAME + " (items on backgrounds: train " + Math.round(COMMON_SHARE * 100)
                + "% on the class's common background, valid/repair/test uniform; compositing seed " + seed
                + "; items from " + grey.source() + ")", train, valid, repair, test);
    }

    /** The background class {@code classIndex} mostly appears on in the train split. */
    public static Background commonBackground(int classIndex) {
        Background[] all = Background.values();
        return all[Math.floorMod(classIndex, all.length)];
    }

    /**
     * One split: each item on the class's common background with probability {@link #COMMON_SHARE} when
     * {@code skewed}, else on a uniformly drawn one.
     */
    static Dataset compose(Dataset grey, String split, boolean skewed, long seed, int part) {
        requireGreyItems(grey);
        int n = grey.size();
        float[] items = grey.featuresView();
        float[] out = new float[n * BackgroundRenderer.SAMPLE_SIZE];
        String[] backgrounds = new String[n];
        Background[] all = Background.values();
        IntStream.range(0, n).parallel().forEach(i -> {
            SplittableRandom rng = SampleRandom.of(seed, part, i);
            Background b = skewed ? skewedDraw(grey.label(i), rng, all) : all[rng.nextInt(all.length)];
            backgrounds[i] = b.label();
            BackgroundRenderer.composite(items, i * BackgroundRenderer.PIXELS, b, rng, out,
                    i * BackgroundRenderer.SAMPLE_SIZE);
        });
        return new Dataset(NAME + "/" + split, new int[] {BackgroundRenderer.CHANNELS, BackgroundRenderer.SIZE,
                BackgroundRenderer.SIZE}, out, grey.labels(), grey.classNames(), Map.of(ATTRIBUTE, backgrounds));
    }

    private static Background skewedDraw(int label, SplittableRandom rng, Background[] all) {
        Background common = commonBackground(label);
        if (rng.nextDouble() < COMMON_SHARE) {
            return common;
        }
        int k = rng.nextInt(all.length - 1);
        return all[k >= common.ordinal() ? k + 1 : k];
    }

    static void requireGreyItems(Dataset grey) {
        int[] expected = {1, BackgroundRenderer.SIZE, BackgroundRenderer.SIZE};
        if (!Arrays.equals(grey.sampleShape(), expected)) {
            throw new KintsugiException(grey.name() + ": items must be grey 28x28 images (shape " + Arrays.toString(
                    expected) + "), got shape " + Arrays.toString(grey.sampleShape()));
        }
    }
}
