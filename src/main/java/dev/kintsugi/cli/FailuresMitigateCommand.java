package dev.kintsugi.cli;

import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.FailureComponents;
import dev.kintsugi.failures.FailureOutputs;
import dev.kintsugi.failures.FailureStudy;
import dev.kintsugi.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "mitigate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The whole framework on one model: find and describe its failures, generate n images per "
                + "failure for its failure modes, mitigate, and compare with two Random_debugging baselines (as many "
                + "images, contexts uniform over all training contexts, and from each class's own training contexts) "
                + "and a λ sweep. Writes OUT/failures.html, failures.json, "
                + "model-ours/ and model-random/.",
        footer = {"", "Examples:", "  kintsugi failures mitigate --model runs/bg-lenet5 --data fashion-bg --out runs/bg-fix",
                "  kintsugi failures mitigate --model runs/bg-lenet5 --data fashion-bg --mitigation finetune "
                        + "--lambdas none --out runs/bg-ft"})
final class FailuresMitigateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Mixin
    FailureModeOptions components;

    @Mixin
    MitigationOptions mitigation;

    @Mixin
    CommonOptions common;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the split, generation and retraining "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path out;

    @Mixin
    ExportOptions export;

    @Override
    public Integer call() {
        FailureOutputs.checkFresh(out);
        java.util.List<Path> inputs = new java.util.ArrayList<>(data.inputPaths());
        inputs.add(model.model);
        dev.kintsugi.util.OutputPaths.checkDirectory(out, "--out", false, inputs);
        components.check();
        long start = System.nanoTime();
        FailureStudy.Settings settings = new FailureStudy.Settings(components.k, mitigation.imagesPerFailure,
                mitigation.mitigation(), mitigation.head(), mitigation.sweep(), components.attribute, seed);
        Splits splits = data.load();
        try (FailureComponents c = components.resolve(splits, data.splitSeed); SavedModel m = model.load(splits.train().classNames())) {
            ModelCompatibility.check(m, splits.repair());
            export.check(model.model, m);
            try (FailureStudy.Outcome o = FailureStudy.run(m.network(), splits, c, settings, System.err)) {
                Path html = FailureOutputs.write(o, splits, data.data, m.directory().toString(), m.checksum(),
                        Invocation.commandLine(), start, out);
                System.out.print(FailureTables.accuracy(o.result()));
                System.out.println("report: " + html);
                System.out.println("models: " + out.resolve(FailureOutputs.OURS) + ", " + out.resolve(FailureOutputs.RANDOM));
                for (String dir : new String[] {FailureOutputs.OURS, FailureOutputs.RANDOM}) {
                    Path exported = export.export(model.model, m.checksum(), out.resolve(dir), out, dir);
                    if (exported != null) {
                        System.out.println("export: " + exported);
                    }
                }
            }
        }
        return 0;
    }
}
