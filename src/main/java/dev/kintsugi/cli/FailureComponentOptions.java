package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.ComponentChoice;
import dev.kintsugi.failures.FailureAnalysis;
import dev.kintsugi.failures.FailureComponents;
import picocli.CommandLine.Option;

/** Which describer, proposer and generator to use, and the framework's k. */
final class FailureComponentOptions {
    @Option(names = "--describer", defaultValue = "background-prototypes",
            description = "Names each failure's context (default: ${DEFAULT-VALUE}).")
    String describer;

    @Option(names = "--proposer", defaultValue = "attribute-statistics",
            description = "Proposes each class's uncommon contexts (default: ${DEFAULT-VALUE}).")
    String proposer;

    @Option(names = "--generator", defaultValue = "compositing",
            description = "Makes images of \"{class} on {context}\" (default: ${DEFAULT-VALUE}).")
    String generator;

    @Option(names = "--k", defaultValue = "" + FailureAnalysis.DEFAULT_K,
            description = "Failure modes per class: the k most frequent contexts (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--attribute", defaultValue = "background",
            description = "The data's attribute recording each sample's context (default: ${DEFAULT-VALUE}).")
    String attribute;

    FailureComponents resolve(Splits splits, long splitSeed) {
        if (k < 1) {
            throw new KintsugiException("--k must be at least 1, got " + k);
        }
        return ComponentChoice.resolve(describer, proposer, generator,
                new ComponentChoice.Setting(splits, splitSeed, attribute));
    }
}
