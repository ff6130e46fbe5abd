package dev.kintsugi.cli;

import dev.kintsugi.KintsugiException;
import dev.kintsugi.data.Splits;
import dev.kintsugi.failures.BuiltinComponents;
import dev.kintsugi.failures.FailureAnalysis;
import dev.kintsugi.failures.FailureComponents;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** The framework's k, the context attribute, and the component choice (built-ins or adapters). */
final class FailureModeOptions {
    @Mixin
    FailureComponentOptions components;

    @Option(names = "--k", defaultValue = "" + FailureAnalysis.DEFAULT_K,
            description = "Failure modes per class: the k most frequent contexts (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--attribute", defaultValue = "background",
            description = "The data's attribute recording each sample's context (default: ${DEFAULT-VALUE}).")
    String attribute;

    void check() {
        if (k < 1) {
            throw new KintsugiException("--k must be at least 1, got " + k);
        }
    }

    FailureComponents resolve(Splits splits, long splitSeed) {
        check();
        if (!splits.train().hasAttribute(attribute)) {
            throw new KintsugiException(splits.train().name() + " records no '" + attribute + "' attribute (it has: "
                    + (splits.train().attributes().isEmpty() ? "none" : String.join(", ",
                    splits.train().attributes().keySet())) + "); use a dataset with contexts, e.g. fashion-bg");
        }
        return new FailureComponents(components.describer(BuiltinComponents::describer, System.err),
                components.proposer(() -> BuiltinComponents.proposer(splits, attribute),
                        BuiltinComponents.knownContexts(splits, attribute)),
                components.generator(() -> BuiltinComponents.generator(splitSeed), splits.train().sampleShape(),
                        splits.train().classNames()));
    }

    @Override
    public String toString() {
        return "k=" + k + " attribute=" + attribute + " " + Arrays.asList(components.describer, components.proposer,
                components.generator);
    }
}
