package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.FailureAnalysis;
import dev.kintsugi.failures.FailureComponents;
import dev.kintsugi.failures.FailureMode;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.failures.DescribedFailures;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Steps 1-2: find the failures, describe each debug-seed failure with one of its class's "
                + "uncommon contexts, and print the k most frequent per class in words (\"trouser on snow: 41 "
                + "failures\"). Writes OUT/failure-modes.json.",
        footer = {"", "Example:", "  kintsugi failures describe --model runs/bg-lenet5 --data fashion-bg --k 3 "
                + "--out runs/bg-modes"})
final class FailuresDescribeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    FailureModeOptions components;

    @Mixin
    CommonOptions common;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the half/half split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path out;

    @Override
    public Integer call() {
        FailureOutputs.checkFresh(out);
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.add(model.model);
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", false, inputs);
        components.check();
        long start = System.nanoTime();
        Splits splits = data.load();
        try (FailureComponents c = components.resolve(splits, data.splitSeed); SavedModel m = model.load(splits.train().classNames())) {
            ModelCompatibility.check(m, splits.repair());
            FailureAnalysis a = FailureAnalysis.run(m.network(), splits.repair(), c, components.k, seed, System.err);
            for (FailureMode mode : a.modes()) {
                System.out.println(mode.inWords());
            }
            DescribedFailures.Accuracy acc = a.described().accuracyAgainst(components.attribute);
            if (!Double.isNaN(acc.accuracy())) {
                System.out.printf(Locale.ROOT, "describer %s: %.1f%% right (%d of %d failures whose recorded %s was a "
                                + "candidate)%n", a.described().describer(), 100 * acc.accuracy(), acc.correct(),
                        acc.inVocabulary(), components.attribute);
            }
            Provenance p = Provenance.of("failure-modes", Invocation.commandLine()).seed(seed)
                    .input("model", m.directory().toString(), m.checksum())
                    .input("repair", splits.repair().name(), splits.repair().checksum())
                    .parameter("components", c.describe()).parameter("k", components.k).cost(start);
            System.out.println("failure modes: " + FailureOutputs.writeModes(a, components.attribute, p, out));
        }
        return 0;
    }
}
