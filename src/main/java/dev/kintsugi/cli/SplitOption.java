package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import picocli.CommandLine.Option;

/** Which of the four splits a command works on; the held-out test split by default. */
final class SplitOption {
    @Option(names = "--split", defaultValue = "test",
            description = "train, valid, repair or test (default: ${DEFAULT-VALUE}).")
    String split;

    Dataset of(Splits splits) {
        return DataOptions.split(splits, split);
    }
}
