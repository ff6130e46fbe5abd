package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.DebugSet;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.model.SavedModel;
import dev.kintsugi.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Step 1: run the model on the repair split, collect its failures and split them half/half "
                + "(stratified by class) into debug-seed and debug-heldout. Writes OUT/debug-set.json.",
        footer = {"", "Example:", "  kintsugi failures find --model runs/bg-lenet5 --data fashion-bg --out runs/bg-find"})
final class FailuresFindCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

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
        long start = System.nanoTime();
        Splits splits = data.load();
        try (SavedModel m = model.load(splits.train().classNames())) {
            ModelCompatibility.check(m, splits.repair());
            DebugSet d = DebugSet.find(m.network(), splits.repair(), seed);
            int[] perClass = d.failuresPerClass();
            TextTable t = new TextTable("class", "failures");
            for (int c = 0; c < perClass.length; c++) {
                t.row(splits.repair().classNames().get(c), Integer.toString(perClass[c]));
            }
            System.out.print(t.render());
            System.out.printf("%d failures of %d on %s: %d debug-seed, %d debug-heldout%n", d.failures().length,
                    splits.repair().size(), splits.repair().name(), d.seedIdx().length, d.heldoutIdx().length);
            Provenance p = Provenance.of("debug-set", Invocation.commandLine()).seed(seed)
                    .input("model", m.directory().toString(), m.checksum())
                    .input("repair", splits.repair().name(), splits.repair().checksum()).cost(start);
            System.out.println("debug set: " + FailureOutputs.writeDebugSet(d, p, out));
        }
        return 0;
    }
}
