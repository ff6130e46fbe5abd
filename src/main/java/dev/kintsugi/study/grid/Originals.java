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
                Splits finalSplits = splits;
                int s = seed;
                EpochRecorder recorder = new EpochRecorder();
                // one folder written whole (AtomicFiles stages it), so a study killed in between trains it again
                AtomicFiles.writeDirectory(dir, false, staged -> {
                    try (Network network = Network.create(b.spec(finalSplits), s);
                         AutoCloseable recording = TrainingWatchers.attach(recorder)) {
                        ModelTraining.trainAndSave(network, finalSplits, b.training(s), b.dataset(), plan.splitSeed(),
                                command, staged, true, null);
                        // the last two epochs, which NeuRecover (nr) compares; observing does not change the training
                        recorder.historyOf(network).write(staged);
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new KintsugiException(e.getMessage(), e);
                    }
                });
                trained++;
                log.printf(Locale.ROOT, "original %s seed %d trained in %.1fs%n", name, seed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return trained;
    }
}
