package dev.kintsugi.failures;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.ClassIndices;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.FashionMnist;
import dev.kintsugi.data.backgrounds.Background;
import dev.kintsugi.data.backgrounds.BackgroundRenderer;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in {@link Generator}: "{class} on {background}" made by compositing grey training items of the
 * class onto a fresh rendering of the named background, with the renderer and random variation of
 * {@code fashion-bg} (position shift, item tint, background tint and texture noise). Items are drawn
 * uniformly, with replacement, from the class's items; the output is labelled with the class and carries
 * the background in its {@value FashionBackgrounds#ATTRIBUTE} attribute.
 */
public final class CompositingGenerator implements Generator {
    private final Dataset items;
    private final int[][] itemsByClass;

    /** Generates from {@code greyItems}: grey {@code [1, 28, 28]} items in [0, 1], e.g. Fashion-MNIST's train split. */
    public CompositingGenerator(Dataset greyItems) {
        int[] expected = {1, BackgroundRenderer.SIZE, BackgroundRenderer.SIZE};
        if (!Arrays.equals(greyItems.sampleShape(), expected)) {
            throw new KintsugiException(greyItems.name() + ": the compositing generator needs grey 28x28 items (shape "
                    + Arrays.toString(expected) + "), got shape " + Arrays.toString(greyItems.sampleShape()));
        }
        this.items = greyItems;
        this.itemsByClass = ClassIndices.byClass(greyItems.labels(), greyItems.numClasses());
    }

    /**
     * Generates from the train split of Fashion-MNIST under {@code splitSeed}: the same items {@code fashion-bg}
     * trains on for that seed, so generated images never reuse a valid, repair or test item.
     */
    public static CompositingGenerator fromFashionMnist(long splitSeed) {
        return new CompositingGenerator(FashionMnist.load(splitSeed).train());
    }

    @Override
    public String name() {
        return "compositing";
    }

    @Override
    public Dataset generate(String className, int classIndex, String context, int count, long seed) {
        if (classIndex < 0 || classIndex >= items.numClasses()) {
            throw new KintsugiException("class index " + classIndex + " is outside 0.." + (items.numClasses() - 1));
        }
        if (!items.classNames().get(classIndex).equals(className)) {
            throw new KintsugiException("class " + classIndex + " is '" + items.classNames().get(classIndex)
                    + "', not '" + className + "'");
        }
        if (count < 0) {
            throw new KintsugiException("cannot generate " + count + " images");
        }
        int[] pool = itemsByClass[classIndex];
        if (count > 0 && pool.length == 0) {
            throw new KintsugiException(items.name() + " has no items of class '" + className + "' to composite");
        }
        Background background = Background.byLabel(context);
        float[] source = items.featuresView();
        float[] out = new float[count * BackgroundRenderer.SAMPLE_SIZE];
        int[] labels = new int[count];
        String[] backgrounds = new String[count];
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = root.split();
            int item = pool[rng.nextInt(pool.length)];
            BackgroundRenderer.composite(source, item * BackgroundRenderer.PIXELS, background, rng, out,
                    i * BackgroundRenderer.SAMPLE_SIZE);
            labels[i] = classIndex;
            backgrounds[i] = background.label();
        }
        return new Dataset("generated: " + className + " on " + background.label(), new int[] {
                BackgroundRenderer.CHANNELS, BackgroundRenderer.SIZE, BackgroundRenderer.SIZE}, out, labels,
                items.classNames(), Map.of(FashionBackgrounds.ATTRIBUTE, backgrounds));
    }
}
