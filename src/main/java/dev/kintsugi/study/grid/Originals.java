package dev.kintsugi.study.grid;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.ModelTraining;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The originals a study repairs: one per benchmark and seed, trained once and shared by every approach's cell.
 * Each is saved as a model directory atomically, so a study killed while training one trains it again.
 */
public final class Originals {
    private Originals() {
    }

    /** Trains the originals {@code folder} lacks; returns how many it trained. */
    public static int ensure(StudyFolder folder, String command, PrintStream log) {
        StudyPlan plan = folder.plan();
        int trained = 0;
        for (String name : plan.benchmarks()) {
            Benchmark b = Benchmark.named(name);
            Splits splits = null;
            for (int seed = 0; seed < plan.seeds(); seed++) {
                Path dir = folder.originalDir(name, seed);
                if (Files.isDirectory(dir)) {
                    continue;
                }
                if (splits == null) {
                    splits = BuiltinDatasets.load(b.dataset(), plan.splitSeed());
                }
                long start = System.nanoTime();
                try (Network network = Network.create(b.spec(splits), seed)) {
                    ModelTraining.trainAndSave(network, splits, b.training(seed), b.dataset(), plan.splitSeed(), command,
                            dir, false, null);
                }
                trained++;
                log.printf(Locale.ROOT, "original %s seed %d trained in %.1fs%n", name, seed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return trained;
    }
}
