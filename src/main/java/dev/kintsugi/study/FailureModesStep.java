package dev.kintsugi.study;

import dev.kintsugi.data.FashionBackgrounds;
import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.ClassSample;
import dev.kintsugi.failures.BuiltinComponents;
import dev.kintsugi.failures.FailureAnalysis;
import dev.kintsugi.failures.FailureComponents;
import dev.kintsugi.failures.FailureMode;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.Network;
import dev.kintsugi.train.Trainer;
import dev.kintsugi.train.TrainingConfig;
import dev.kintsugi.util.Provenance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The demo's quick look at failure modes. Fashion-MNIST has no backgrounds to blame, so this step trains a
 * LeNet-5 for one epoch on a class-stratified sample of {@code fashion-bg}'s train split (where each class
 * mostly sits on its own background), describes its failures on the repair split by background, and prints
 * the largest failure modes in words. {@code kintsugi failures demo} runs the whole framework.
 */
public final class FailureModesStep {
    static final int TRAIN_PER_CLASS = 1500;
    static final int K = 3;
    static final int SHOWN = 8;

    private FailureModesStep() {
    }

    public static Path run(long seed, String command, Path out, PrintStream log) {
        long start = System.nanoTime();
        log.println("failure modes: LeNet-5, one epoch on " + TRAIN_PER_CLASS + " images per class of "
                + FashionBackgrounds.NAME + " (kintsugi failures demo runs the whole framework)");
        Splits splits = FashionBackgrounds.load(0);
        try (FailureComponents c = BuiltinComponents.all(splits, 0, FashionBackgrounds.ATTRIBUTE);
             Network net = Network.create(ModelZoo.specFor("lenet5", Map.of(), splits.train(), true), seed)) {
            new Trainer(TrainingConfig.defaults().withEpochs(1).withSeed(seed)).fit(net,
                    ClassSample.perClass(splits.train(), TRAIN_PER_CLASS, seed, splits.train().name() + "/sample"),
                    splits.valid());
            FailureAnalysis a = FailureAnalysis.run(net, splits.repair(), c, K, seed, log);
            List<FailureMode> largest = a.modes().stream()
                    .sorted(Comparator.comparingInt(FailureMode::failures).reversed()).limit(SHOWN).toList();
            log.println("largest failure modes (of " + a.modes().size() + "):");
            largest.forEach(m -> log.println("  " + m.inWords()));
            Provenance p = Provenance.of("failure-modes", command).seed(seed)
                    .input("repair", splits.repair().name(), splits.repair().checksum())
                    .parameter("components", c.describe()).parameter("k", K).cost(start);
            return FailureOutputs.writeModes(a, FashionBackgrounds.ATTRIBUTE, p, out);
        }
    }
}
