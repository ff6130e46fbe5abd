package dev.kintsugi.evaluate;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.model.Classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Accuracy of a model on corrupted copies of an image dataset: every {@link Corruption} at every severity.
 * Noise is drawn from a {@link SplittableRandom} seeded with {@code seed}, fresh for each corrupted copy, in
 * sample order, so a table is reproducible and does not depend on which corruptions ran before.
 */
public final class Corruptions {
    private Corruptions() {
    }

    /** Clean accuracy and the corruption × severity accuracy table. */
    public static CorruptionAccuracy evaluate(Classifier network, Dataset data, long seed) {
        double clean = Predictor.predict(network, data).accuracy();
        List<CorruptionAccuracy.Cell> cells = new ArrayList<>();
        for (Corruption c : Corruption.values()) {
            for (int s = 1; s <= Corruption.SEVERITIES; s++) {
                double accuracy = Predictor.predict(network, corrupt(data, c, s, seed)).accuracy();
                cells.add(new CorruptionAccuracy.Cell(c.name().toLowerCase(java.util.Locale.ROOT), s, c.strength(s),
                        accuracy));
            }
        }
        return new CorruptionAccuracy(data.name(), clean, List.copyOf(cells));
    }

    /** A copy of {@code data} with every image corrupted at {@code severity} (1..3). */
    public static Dataset corrupt(Dataset data, Corruption corruption, int severity, long seed) {
        return corrupt(data, corruption, corruption.strength(severity), seed);
    }

    /** A copy of {@code data} with every image corrupted with the given parameter, clipped to [0, 1]. */
    public static Dataset corrupt(Dataset data, Corruption corruption, double strength, long seed) {
        int[] shape = data.sampleShape();
        if (shape.length != 3) {
            throw new KintsugiException(data.name() + ": corruptions apply to images [channels, height, width], not to"
                    + " samples of shape " + Arrays.toString(shape));
        }
        int size = data.sampleSize();
        float[] out = data.featuresView().clone();
        float[] image = new float[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < data.size(); i++) {
            System.arraycopy(out, i * size, image, 0, size);
            corruption.apply(image, shape[0], shape[1], shape[2], strength, random);
            for (int j = 0; j < size; j++) {
                out[i * size + j] = Math.min(1f, Math.max(0f, image[j]));
            }
        }
        return data.withFeatures(data.name() + "-" + corruption.name().toLowerCase(java.util.Locale.ROOT), out);
    }
}
