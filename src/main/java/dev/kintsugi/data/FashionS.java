package dev.kintsugi.data;

import dev.kintsugi.data.backgrounds.Colours;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code fashion-s}: the CIFAR-10S construction of Wang et al. (CVPR 2020, "Towards fairness in visual
 * recognition") on Fashion-MNIST, a benchmark for bias with a grey/colour sensitive attribute. Wang et al.
 * turn colour images grey; Fashion-MNIST is grey, so here "colour" means colourised: the item's grey level
 * times a random tint (uniform hue, saturation 0.5-1). Grey images repeat the grey level in all three
 * channels, so both kinds are {@code [3, 28, 28]} in [0, 1].
 *
 * <ul>
 *   <li>train: in classes 0-4, each image is colour with probability {@value #MAJORITY_SHARE} and grey
 *       otherwise; in classes 5-9 the reverse (as CIFAR-10S does with its five and five classes);</li>
 *   <li>valid: the same skew as train. It is cut from Fashion-MNIST's training file, as the study's CIFAR-10S
 *       valid split (5,000 of the 50,000 training images) is, so model selection sees the training
 *       distribution;</li>
 *   <li>repair and test: a grey and a colour copy of every image (sample {@code 2i} grey, {@code 2i + 1} its
 *       colour copy), as CIFAR-10S's test set, which is why the study lists 10,000 repair and 10,000 test
 *       inputs for CIFAR-10S. A repair sees both groups, balanced, and fairness is judged on test.</li>
 * </ul>
 * The attribute {@value #ATTRIBUTE} is {@value #GREY} or {@value #COLOUR}; use it for AAOD with
 * {@code kintsugi evaluate --sensitive colour --privileged colour} (or grey).
 */
public final class FashionS {
    public static final String NAME = "fashion-s";
    public static final String ATTRIBUTE = "colour";
    public static final String GREY = "grey";
    public static final String COLOUR = "colour";
    public static final double MAJORITY_SHARE = 0.95;
    private static final int SIZE = 28 * 28;

    private FashionS() {
    }

    public static Splits load(long seed) {
        return compose(FashionMnist.load(seed), seed);
    }

    /** Builds the four splits from the grey {@code [1, 28, 28]} items of {@code grey}. */
    public static Splits compose(Splits grey, long seed) {
        return new Splits(NAME + " (CIFAR-10S construction: train and valid " + Math.round(MAJORITY_SHARE * 100)
                + "% colour in classes 0-4 and " + Math.round(MAJORITY_SHARE * 100) + "% grey in classes 5-9;"
                + " repair and test a grey and a colour copy of each image; colour seed " + seed + "; items from "
                + grey.source() + ")", skewed(grey.train(), "train", seed, 0), skewed(grey.valid(), "valid", seed, 1),
                paired(grey.repair(), "repair", seed, 2), paired(grey.test(), "test", seed, 3));
    }

    /** True for the classes that are mostly colour in train. */
    public static boolean mostlyColour(int classIndex, int numClasses) {
        return classIndex < (numClasses + 1) / 2;
    }

    private static Dataset skewed(Dataset grey, String split, long seed, int part) {
        FashionBackgrounds.requireGreyItems(grey);
        int n = grey.size();
        float[] items = grey.featuresView();
        float[] out = new float[n * 3 * SIZE];
        String[] colour = new String[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            SplittableRandom rng = SampleRandom.of(seed, part, i);
            boolean majority = rng.nextDouble() < MAJORITY_SHARE;
            boolean coloured = majority == mostlyColour(grey.label(i), grey.numClasses());
            colour[i] = coloured ? COLOUR : GREY;
            write(items, i, coloured ? Colours.randomTint(rng, 0.5, 1.0) : null, out, i);
        });
        return new Dataset(NAME + "/" + split, new int[] {3, 28, 28}, out, grey.labels(), grey.classNames(),
                Map.of(ATTRIBUTE, colour));
    }

    private static Dataset paired(Dataset grey, String split, long seed, int part) {
        FashionBackgrounds.requireGreyItems(grey);
        int n = grey.size();
        float[] items = grey.featuresView();
        float[] out = new float[2 * n * 3 * SIZE];
        String[] colour = new String[2 * n];
        int[] labels = new int[2 * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            SplittableRandom rng = SampleRandom.of(seed, part, i);
            write(items, i, null, out, 2 * i);
            write(items, i, Colours.randomTint(rng, 0.5, 1.0), out, 2 * i + 1);
            colour[2 * i] = GREY;
            colour[2 * i + 1] = COLOUR;
            labels[2 * i] = grey.label(i);
            labels[2 * i + 1] = grey.label(i);
        });
        return new Dataset(NAME + "/" + split, new int[] {3, 28, 28}, out, labels, grey.classNames(),
                Map.of(ATTRIBUTE, colour));
    }

    /** Item {@code item} as sample {@code at} of {@code out}: grey in every channel, or times {@code tint}. */
    private static void write(float[] items, int item, float[] tint, float[] out, int at) {
        for (int c = 0; c < 3; c++) {
            float scale = tint == null ? 1f : tint[c];
            int dst = at * 3 * SIZE + c * SIZE;
            for (int p = 0; p < SIZE; p++) {
                out[dst + p] = items[item * SIZE + p] * scale;
            }
        }
    }
}
