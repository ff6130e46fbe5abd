package dev.kintsugi.cli;

import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.DatasetResolver;
import dev.kintsugi.data.Splits;
import dev.kintsugi.KintsugiException;
import picocli.CommandLine.Option;

import java.util.Locale;

/** Which data to use: a built-in name or a path, and the seed of its four-way split. */
final class DataOptions {
    @Option(names = {"-d", "--data"}, paramLabel = "DATA", defaultValue = "fashion-mnist",
            description = "Built-in dataset (fashion-mnist, german-credit, fashion-bg, fashion-s) or a path: a folder of IDX files, an "
                    + ".arff file, a .csv file (FILE.csv:label=COLUMN) or an image folder (a folder per class). "
                    + "Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--split-seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the stratified train/valid/repair/test split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    Splits load() {
        return DatasetResolver.resolve(data, splitSeed);
    }

    /** The data as paths an output must keep apart from (none for a built-in name). */
    java.util.List<java.nio.file.Path> inputPaths() {
        int label = data.indexOf(":label=");
        return dev.kintsugi.util.OutputPaths.existing(data, label < 0 ? null : data.substring(0, label));
    }

    static Dataset split(Splits splits, String name) {
        return splits.named(name.toLowerCase(Locale.ROOT)).orElseThrow(() -> new KintsugiException(
                "--split must be one of " + String.join(", ", Splits.NAMES) + ", got " + name));
    }
}
