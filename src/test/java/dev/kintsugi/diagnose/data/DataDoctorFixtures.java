package dev.kintsugi.diagnose.data;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import dev.kintsugi.data.StratifiedSplitter;
import dev.kintsugi.testing.TestData;
import dev.kintsugi.train.TrainingConfig;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/** Small data for data-doctor tests: easy blobs with planted label flips, and cheap check settings. */
final class DataDoctorFixtures {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private DataDoctorFixtures() {
    }

    /** The data and which training samples had their label flipped. */
    record Planted(Splits splits, boolean[] flipped, int flips) {
    }

    /** Easy 3-class blobs, 4-way split; {@code rate} of the train labels moved to another class (seeded). */
    static Planted blobsWithFlips(double rate, long seed) {
        Splits clean = StratifiedSplitter.fourWay(TestData.blobs("blobs", 900, 8, 3, seed), seed);
        Dataset train = clean.train();
        int[] labels = train.labels();
        boolean[] flipped = new boolean[labels.length];
        SplittableRandom random = new SplittableRandom(seed + 99);
        int flips = 0;
        for (int i = 0; i < labels.length; i++) {
            if (random.nextDouble() < rate) {
                labels[i] = (labels[i] + 1 + random.nextInt(2)) % 3;
                flipped[i] = true;
                flips++;
            }
        }
        Splits noisy = new Splits(clean.source(), train.withLabels(train.name(), labels), clean.valid(), clean.repair(),
                clean.test());
        return new Planted(noisy, flipped, flips);
    }

    /** An MLP probe trained for 10 short epochs: enough for blobs, quick. */
    static ProbeModel probe() {
        return new ProbeModel("mlp", TrainingConfig.defaults().withEpochs(10).withBatchSize(32));
    }

    static DataChecks.Settings settings() {
        return new DataChecks.Settings(new OutOfSampleProbabilities(3, 0, probe()), probe(), 1);
    }
}
