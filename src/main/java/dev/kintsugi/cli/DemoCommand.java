package dev.kintsugi.cli;

import dev.kintsugi.study.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The main job on the built-in default: a quick data check (label noise, class imbalance), "
                + "train LeNet-5 on Fashion-MNIST, evaluate it on the held-out test split, save it, fix it three ways "
                + "(one more epoch, finetune, genmunn), judge each fix on every axis (ACC, RR, NFR, PGD ASR, "
                + "corruptions) in an HTML report, and name the failure modes of a small model on fashion-bg.",
        footer = {"", "Example:", "  kintsugi demo", "  kintsugi demo --epochs 1 --out runs/quick"})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Built-in dataset (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--arch", defaultValue = "lenet5", description = "Zoo architecture (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--epochs", defaultValue = "5", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder (default: runs/demo-<date-time>); must not exist.")
    Path out;

    @Override
    public Integer call() {
        Path dir = out != null ? out
                : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Demo.Outcome o = Demo.run(new Demo.Settings(dataset, architecture, epochs, seed, dir), Invocation.commandLine(),
                System.err);
        // the same table as `kintsugi compare`, so the demo's verdict is on the terminal, not only in the report
        System.out.print(ComparisonTable.render(o.comparison()));
        System.out.println("model:   " + o.modelDir());
        System.out.println("report:  " + o.report());
        System.out.println("summary: " + o.summaryJson());
        System.out.println("compare: " + o.comparisonReport());
        return 0;
    }
}
