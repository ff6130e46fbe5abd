package dev.kintsugi.study.grid;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.Splits;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.EpochRecorder;
import dev.kintsugi.train.ModelTraining;
import dev.kintsugi.train.TrainingWatchers;
import dev.kintsugi.util.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The originals a study repairs: one per benchmark and seed, trained once and shared by every approach's cell.
 * Each is saved as a model directory atomically, so a study killed while training one trains it again, and
 * keeps its training history (the epoch before the last, as {@code kintsugi train --keep-history}) for NeuRecover.
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
                // staged beside the final name and moved in whole, so a study killed in between trains it again
                Path staged = dir.resolveSibling(dir.getFileName() + ".training");
                if (Files.exists(staged)) {
                    AtomicFiles.deleteRecursively(staged);
                }
                EpochRecorder recorder = new EpochRecorder();
                try (Network network = Network.create(b.spec(splits), seed);
                     AutoCloseable recording = TrainingWatchers.attach(recorder)) {
                    ModelTraining.trainAndSave(network, splits, b.training(seed), b.dataset(), plan.splitSeed(), command,
                            staged, false, null);
                    // the last two epochs, which NeuRecover (nr) compares; observing does not change the training
                    recorder.historyOf(network).write(staged);
                } catch (Exception e) {
                    throw e instanceof RuntimeException r ? r : new KintsugiException(e.getMessage(), e);
                }
                try {
                    Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new KintsugiException("cannot move the original into " + dir + ": " + e.getMessage(), e);
                }
                trained++;
                log.printf(Locale.ROOT, "original %s seed %d trained in %.1fs%n", name, seed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return trained;
    }
}
